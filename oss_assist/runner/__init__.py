"""The runner: the engine that runs flows in the browser, the operators, and whole cases."""
