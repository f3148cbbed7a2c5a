"""The `newsflow` command (the `app` the installed script runs): commands.py holds the commands,
render.py how they print, server.py `newsflow server`."""

from newsflow.cli.commands import app
from newsflow.cli.render import printable

__all__ = ["app", "printable"]
