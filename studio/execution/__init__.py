"""studio.execution"""

# The HTTP clients a run's timed requests can use (`studio.execution.transport`); here, apart from the transports,
# so that `ppstudio run --help` can offer the choice without loading aiohttp.
CLIENTS: tuple[str, ...] = ("aiohttp", "openai")
