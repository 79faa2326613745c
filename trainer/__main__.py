"""`python -m trainer` runs what the `trainer` command runs."""

from trainer.launch import main

raise SystemExit(main())
