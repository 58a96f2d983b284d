"""`madoguchi schema`: print (or write) the front matter's JSON Schema, generated from the model."""

from __future__ import annotations

from pathlib import Path

import click

from ..schema import render


@click.command(name="schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout (e.g. schema/madoguchi-frontmatter.schema.json).",
)
def command(output: Path | None) -> None:
    """フロントマターの JSON Schema を出力する / Print the front matter's JSON Schema."""
    text = render()
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    click.echo(f"{output}: written")
