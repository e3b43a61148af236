"""`python -m workloads.fraud_detection {generate,train,serve}`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workloads.fraud_detection")
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write synthetic raw transactions")
    generate.add_argument("--rows", type=int, default=10_000)
    generate.add_argument("--seed", type=int, default=7)
    generate.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.json")

    train = commands.add_parser("train", help="tune, train, evaluate and export the model")
    train.add_argument("--out", type=Path, required=True, help="directory for the model JSON")
    train.add_argument("--rows", type=int, default=None)
    train.add_argument("--trials", type=int, default=None)
    train.add_argument("--seed", type=int, default=None)

    serve = commands.add_parser("serve", help="answer POSTs with the committed model")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)

    args = parser.parse_args(argv)
    if args.command == "generate":
        from .data import generate as make

        frame = make(args.rows, args.seed)
        if args.out.suffix == ".json":
            frame.to_json(args.out, orient="records", lines=True)
        elif args.out.suffix == ".csv":
            frame.to_csv(args.out, index=False)
        else:
            parser.error("--out must end in .csv or .json")
        print(f"{len(frame)} rows -> {args.out}")
    elif args.command == "train":
        from . import train as training

        options = {
            name: value
            for name in ("rows", "trials", "seed")
            if (value := getattr(args, name)) is not None
        }
        result = training.train(args.out, **options)
        print(json.dumps({"model": str(result.path), "sha256": result.sha256,
                          "hyperparameters": result.hyperparameters,
                          "metrics": result.metrics}, indent=2))
    else:
        from .serve import serve as run

        run(args.host, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
