"""The import contract that says how the domain apps meet: only through each other's declared
public face. A custom import-linter contract type (``[tool.importlinter] contract_types``).

import-linter's own ``protected`` contract forbids the modules it lists; what the apps promise
is the opposite, that everything is closed except what they open: ``zoneops.<app>.public``,
which declares (``__all__``) the reads, writes, values and extension points the app offers
the others. A module added to an app tomorrow is closed without anyone listing it.
"""

from __future__ import annotations

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output


class PublicFaceContract(Contract):
    """Each of ``apps`` may be imported from outside itself only through the modules named
    ``public`` (and their descendants); ``allowed_importers`` may import anything of it."""

    type_name = "public_face"

    apps = fields.ListField(subfield=fields.ModuleField())
    public = fields.ListField(subfield=fields.StringField())
    allowed_importers = fields.ListField(subfield=fields.ModuleField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        apps = [module.name for module in self.apps]  # type: ignore[attr-defined]
        public = set(self.public)  # type: ignore[arg-type]
        allowed = [m.name for m in (self.allowed_importers or [])]  # type: ignore[attr-defined]

        def inside(module: str, package: str) -> bool:
            return module == package or module.startswith(package + ".")

        broken: list[dict[str, Any]] = []
        for app in apps:
            for module in sorted(graph.find_descendants(app)):
                first = module[len(app) + 1 :].split(".")[0]
                if first in public:
                    continue
                for importer in sorted(graph.find_modules_that_directly_import(module)):
                    if inside(importer, app) or any(inside(importer, a) for a in allowed):
                        continue
                    details = graph.get_import_details(importer=importer, imported=module)
                    broken.append(
                        {
                            "importer": importer,
                            "imported": module,
                            "lines": [d["line_number"] for d in details],
                        }
                    )
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for item in check.metadata["broken"]:
            lines = ", ".join(f"l.{n}" for n in item["lines"])
            output.print_error(f"{item['importer']} -> {item['imported']} ({lines})")
            output.new_line()
        output.print("Import the app's public module instead, or declare what is needed there.")
