"""`python -m analysis`: hands over to analysis.cli.main (command line stage)."""
from analysis.cli import main

raise SystemExit(main())
