"""Only so that type checkers name `provider/__main__.py` `provider.__main__`, apart from
`policies/__main__.py`. The Pulumi CLI runs this folder's `__main__.py` as a script and
never imports the folder as a package."""
