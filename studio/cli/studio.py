"""`ppstudio studio`: open the Textual studio on a store."""

from __future__ import annotations

from typing import Annotated

import typer

from studio.cli.common import (
    ApiKeyEnvOption, BackendOption, BaseUrlOption, DbOption, ModelOption, open_store, settings_for,
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("studio")
    def studio_command(
        db: DbOption = None,
        backend: BackendOption = None,
        base_url: BaseUrlOption = None,
        model: ModelOption = None,
        api_key_env: ApiKeyEnvOption = None,
        judge: Annotated[str | None, typer.Option(
            "--judge", help="Your name on blind A/B judgements (default: your login name).")] = None,
    ) -> None:
        """Browse and triage prompts, edit schemas, watch runs live, read scores, judge blind, export reports.

        All from the terminal. F1 shows the keys; ctrl+p finds any action.

        Examples:

          ppstudio studio --db reports/demo.db

          ppstudio studio --backend sim
        """
        from studio.tui.app import StudioApp

        settings = settings_for(db, backend=backend, base_url=base_url, model=model, api_key_env=api_key_env)
        store = open_store(db)
        studio_app = StudioApp(store, settings, judge=judge)
        try:
            studio_app.run()  # a backend started for a live run stops after the studio's UI is gone
        finally:
            store.close()
