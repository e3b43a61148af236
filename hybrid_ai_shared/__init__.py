"""What the platform program (`components`), the preview engine (`hap`) and the policy pack
(`hybrid_policies`) all read, so that none of the three imports another:

- `catalog`: accelerators, machine types, prices and Kubernetes versions (data + loaders);
- `cost`: the monthly cost estimate of a plan, priced from that catalog;
- `schedule`: cron and rate expressions, and how many runs a month they make;
- `strict_yaml`: reading hand-edited YAML (stack files, Pulumi.yaml) without its traps;
- `yaml_lines`: the line of each path in a YAML document (stack files).

Dependencies point one way: this package imports none of the project's packages and no
Pulumi SDK, only pydantic and PyYAML. The name is the project's, so it cannot collide with
another project's `catalog` or `cost` in a consumer's environment.
"""
