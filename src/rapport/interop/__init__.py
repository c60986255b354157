"""Exchange with other tools: REFI-QDA projects (``.qdpx``) and codebooks (``.qdc``).

Pure functions of Rapport objects and files; the store and the CLI wire them in.
"""

from __future__ import annotations

from rapport.interop.qdc import QdcCodebook, export_qdc, import_qdc, read_qdc
from rapport.interop.qdpx import QdpxProject, export_qdpx, import_qdpx

__all__ = [
    "QdcCodebook",
    "QdpxProject",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_qdpx",
    "read_qdc",
]
