"""Allow ``python -m oss_assist``."""

from oss_assist.cli import main

raise SystemExit(main())
