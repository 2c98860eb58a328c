"""`python -m renkei_cli` runs the same entry point as the `renkei` script."""

from renkei_cli.cli import main

if __name__ == "__main__":
    main()
