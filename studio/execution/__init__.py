"""studio.execution"""

# The HTTP clients a run's timed requests can use (`studio.execution.transport`); here, apart from the transports,
# so that `ppstudio run --help` can offer the choice without loading aiohttp.
CLIENTS: tuple[str, ...] = ("aiohttp", "openai")

# What the serial request may write (`RunOptions.serial_budget`): `same`, --max-tokens like each branch; `sum`, the
# branches' budgets together (--max-tokens times the run's branches).
SERIAL_BUDGETS: tuple[str, ...] = ("same", "sum")
