"""Python index: every scanned module's symbols, imports, classes and functions by name.

Imports are resolved with `modules.ModuleNames`: by exact dotted name or the longest
dotted suffix, closest to the importer first.
"""

from __future__ import annotations

from dataclasses import dataclass

from wscheck.facts import SUPER, ClassDef, Function, Glob, Instance, Message, OneOf, Opaque, PythonFacts, Ref, Str, Value
from wscheck.model.evaluate import MAX_DEPTH, Outcome, Unresolved, evaluate
from wscheck.modules import ModuleNames


@dataclass
class ModuleIndex:
    facts: PythonFacts
    symbols: dict[str, Value]
    imports: dict[str, Ref]
    classes: dict[str, ClassDef]
    functions: dict[str, Function]  # dotted name within the module -> function


class PythonIndex:
    def __init__(
        self,
        modules: list[PythonFacts],
        type_keys: tuple[str, ...] = ("type", "event", "message_type"),
        all_modules: list[str] | None = None,  # every server module discovered, extracted or not
    ):
        self.type_keys = type_keys
        self.modules: dict[str, ModuleIndex] = {}
        self.functions: dict[str, Function] = {}
        for facts in modules:
            index = ModuleIndex(
                facts,
                {s.name: s.value for s in facts.symbols},
                dict(facts.imports),
                {c.name: c for c in facts.classes},
                {f.qualname.split(":", 1)[1]: f for f in facts.functions},
            )
            self.modules[facts.module] = index
            for function in facts.functions:
                self.functions[function.qualname] = function
        # Imports are matched against every module of the project, so that `from routes import x`
        # picks this app's `routes` package even when only another `routes.py` was parsed.
        self.names = ModuleNames(sorted(set(all_modules or ()) | set(self.modules)))
        self.methods_by_name: dict[str, list[str]] = {}
        for qualname, function in self.functions.items():
            self.methods_by_name.setdefault(function.name, []).append(qualname)

    # --- modules -----------------------------------------------------------------
    def find_module(self, name: str, near: str = "") -> str | None:
        """The extracted module `name` means, seen from `near`; None if that module was not
        extracted (nothing relevant in it) or is not in the project."""
        found = self.names.find(name, near)
        return found if found in self.modules else None

    # --- definitions ---------------------------------------------------------------
    def definition(self, ref: Ref, near: str = "", depth: int = 0) -> tuple[str, str] | None:
        """Follow imports to where `ref` is defined: (module, dotted name)."""
        if depth > 12:
            return None
        module = self.find_module(ref.module, near or ref.module)
        if module is None:
            head = ref.name.split(".")[0] if ref.name else ""
            submodule = self.find_module(f"{ref.module}.{head}", near or ref.module) if head else None
            if submodule is not None:  # `from pkg import mod` with no pkg/__init__.py scanned
                return self.definition(Ref(submodule, ref.name[len(head) + 1 :]), near, depth + 1)
            if "." in ref.module:  # `from pkg import mod` then `mod.f`: pkg.mod is the module
                parent, last = ref.module.rsplit(".", 1)
                return self.definition(Ref(parent, f"{last}.{ref.name}" if ref.name else last), near, depth + 1)
            return None
        index = self.modules[module]
        parts = ref.name.split(".") if ref.name else []
        if not parts:
            return (module, "")
        for cut in range(len(parts), 0, -1):
            head = ".".join(parts[:cut])
            if head in index.symbols or head in index.classes or head in index.functions:
                return (module, ref.name)
        own = index.imports.get(parts[0])
        if own is not None and own.name == parts[0] and self.find_module(own.module, module) == module:
            # `from . import ws` in a package's __init__.py: the submodule, not the package again
            submodule = self.find_module(f"{module}.{parts[0]}", module)
            if submodule is not None and submodule != module:
                return self.definition(Ref(submodule, ".".join(parts[1:])), module, depth + 1)
        if parts[0] in index.imports:
            target = index.imports[parts[0]]
            name = ".".join(p for p in (target.name, *parts[1:]) if p)
            return self.definition(Ref(target.module, name), module, depth + 1)
        submodule = self.find_module(f"{module}.{parts[0]}", module)
        if submodule is not None and submodule != module:
            return self.definition(Ref(submodule, ".".join(parts[1:])), module, depth + 1)
        return (module, ref.name)

    def function(self, ref: Ref, near: str = "", seen: frozenset = frozenset()) -> Function | None:
        if f".{SUPER}." in ref.name:  # `super().connect()`: the nearest base's
            owner, method = ref.name.split(f".{SUPER}.", 1)
            cls = self.definition(Ref(ref.module, owner), near)
            bases = self.bases(*cls) if cls is not None else []
            return next((f for b in bases if (f := self.function(Ref(b[0], f"{b[1]}.{method}"), b[0], seen)) is not None), None)
        found = self.definition(ref, near)
        if found is None or found in seen:  # `class Base(Base)`: no endless climb
            return None
        module, name = found
        index = self.modules[module]
        if name in index.functions:
            return index.functions[name]
        if "." in name:  # a method inherited from a base class in the project
            owner, method = name.rsplit(".", 1)
            for base in self.bases(module, owner):
                inherited = self.function(Ref(base[0], f"{base[1]}.{method}"), module, seen | {found})
                if inherited is not None:
                    return inherited
        return None

    def class_methods(self, ref: Ref, near: str = "") -> list[Function]:
        found = self.definition(ref, near)
        if found is None or found[1] not in self.modules[found[0]].classes:
            return []
        module, name = found
        return [f for n, f in self.modules[module].functions.items() if n.startswith(name + ".") and n.count(".") == name.count(".") + 1]

    def bases(self, module: str, class_name: str) -> list[tuple[str, str]]:
        cls = self.modules[module].classes.get(class_name)
        if cls is None:
            return []
        out = []
        for base in cls.bases:
            if isinstance(base, Ref):
                found = self.definition(base, module)
                if found is not None and found[1]:
                    out.append(found)
        return out

    def is_str_enum(self, module: str, class_name: str) -> bool:
        cls = self.modules[module].classes.get(class_name)
        return cls is not None and any(
            (isinstance(b, Ref) and b.name.endswith("StrEnum")) or (isinstance(b, Opaque) and b.text.endswith("StrEnum"))
            for b in cls.bases
        )

    # --- values ----------------------------------------------------------------------
    def lookup(self, ref: Ref | Instance, depth: int) -> list[Outcome]:
        if depth > MAX_DEPTH:
            return [Unresolved("too many indirections")]
        if isinstance(ref, Instance):
            return self.instance(ref, depth)
        found = self.definition(ref)
        if found is None:
            if self.names.find(ref.module, ref.module) is not None:  # in the project, but not read
                return [Unresolved(f"`{_display(ref)}` could not be followed into `{ref.module}`")]
            return [Unresolved(f"`{_display(ref)}` is not defined in the scanned project")]
        module, name = found
        index = self.modules[module]
        parts = name.split(".")
        if parts and parts[-1] in ("value", "name") and ".".join(parts[:-1]) in index.symbols:
            member = ".".join(parts[:-1])
            if parts[-1] == "name":
                return [Str(parts[-2])]
            name = member
        if name in index.symbols:
            value = index.symbols[name]
            if isinstance(value, Opaque) and value.text == "auto()" and "." in name:
                owner, member = name.rsplit(".", 1)
                if self.is_str_enum(module, owner):
                    return [Str(member.lower())]
            return evaluate(value, self.lookup, depth)
        if "." in name:
            owner, attr = name.rsplit(".", 1)
            instance = index.symbols.get(owner)
            if isinstance(instance, Instance) and isinstance(instance.cls, Ref):  # `settings.api_prefix`, settings = Settings()
                given = [v for k, v in instance.kwargs if k == attr]
                if given:
                    return evaluate(given[0], self.lookup, depth)
                cls = self.definition(instance.cls, module)
                if cls is not None and cls[1] in self.modules[cls[0]].classes:
                    return self.lookup(Ref(cls[0], f"{cls[1]}.{attr}"), depth + 1)
            # a class attribute defined on a base class
            for base in self.bases(module, owner):
                outcomes = self.lookup(Ref(base[0], f"{base[1]}.{attr}"), depth + 1)
                if not all(isinstance(o, Unresolved) for o in outcomes):
                    return outcomes
        return [Unresolved(f"`{_display(ref)}` has no constant value")]


    def instance(self, value: Instance, depth: int) -> list[Outcome]:
        """`Model(...)`: a message whose type is the model's type field (or the keyword)."""
        found = self.definition(value.cls) if isinstance(value.cls, Ref) else None
        if found is None or found[1] not in self.modules[found[0]].classes:
            name = _display(value.cls) if isinstance(value.cls, Ref) else "?"
            return [Unresolved(f"`{name.rsplit('.', 1)[-1]}(...)` is computed at run time")]
        module, name = found
        for key, keyword_value in value.kwargs:
            if key in self.type_keys:
                return [Message(keyword_value)]
        for key in self.type_keys:
            field = self.lookup(Ref(module, f"{name}.{key}"), depth + 1)
            if not all(isinstance(o, Unresolved) for o in field):
                return [Message(OneOf(tuple(o for o in field if isinstance(o, (Str, Glob)))) if len(field) > 1 else _as_value(field[0]))]
        return [Message(None)]


def _as_value(outcome: Outcome):
    return outcome if isinstance(outcome, (Str, Glob)) else None


def _display(ref: Ref) -> str:
    return f"{ref.module}.{ref.name}" if ref.name else ref.module
