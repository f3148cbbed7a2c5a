"""The tests' loopback servers live in newsflow.devtools.servers (bench/ uses them too); this name
stays for the reliability and fetch-limit tests that import it."""

from newsflow.devtools.servers import BIN, background, clean_env, free_port, prefect_server

__all__ = ["BIN", "background", "clean_env", "free_port", "prefect_server"]
