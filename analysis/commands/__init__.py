"""One module per `python -m analysis` command: HELP, add_arguments(parser), run(args) (command line stage)."""
