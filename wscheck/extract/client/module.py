"""Module pre-pass: the imports, top-level bindings and functions of a client file, read before the walk."""

from __future__ import annotations

from dataclasses import dataclass, field

from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, key_name, string_value, text, unwrap
from wscheck.modules import resolve_specifier
from wscheck.extract.client.scope import Binding, Expr, Known, Scope, declarator_bindings
from wscheck.facts import Num, Opaque, Ref, Value

# `const Panel = memo((props) => ...)`: the wrapped function is the component itself.
_COMPONENT_WRAPPERS = frozenset({"memo", "forwardRef", "observer"})


@dataclass
class TopFunction:
    name: str
    node: Node  # the function node
    name_node: Node  # where its name is written (the function itself when anonymous)
    exported: bool


@dataclass
class ModuleInfo:
    scope: Scope
    imports: list[tuple[str, Ref]] = field(default_factory=list)
    constants: list[tuple[str, Binding]] = field(default_factory=list)  # evaluated in `scope`
    functions: list[TopFunction] = field(default_factory=list)
    exported: set[str] = field(default_factory=set)
    star_exports: list[Ref] = field(default_factory=list)  # `export * from './x'`: x's exports are ours

    def function_names(self) -> set[str]:
        return {function.name for function in self.functions}


def _function_value(node: Node | None) -> Node | None:
    """The function a top-level `const` holds, directly or through memo/forwardRef."""
    node = unwrap(node) if node is not None else None
    if node is None:
        return None
    if node.type in FUNCTION_TYPES:
        return node
    if node.type == "call_expression":
        callee = callee_of(node)
        if callee is not None and callee.type == "member_expression":
            callee = callee.child_by_field_name("property")
        arguments = node.child_by_field_name("arguments")
        if callee is not None and text(callee) in _COMPONENT_WRAPPERS and arguments is not None:
            first = arguments.named_children[:1]
            if first and unwrap(first[0]).type in FUNCTION_TYPES:
                return unwrap(first[0])
    return None


class _Scanner:
    def __init__(self, path: str, module: str) -> None:
        self.path = path
        self.module = module
        self.info = ModuleInfo(Scope(None, None))

    def bind(self, name: str, value: Value) -> None:
        self.info.scope.own()[name] = Known(value)

    def statement(self, node: Node, exported: bool, default: bool) -> None:
        kind = node.type
        if kind == "import_statement":
            self.import_statement(node)
        elif kind in ("function_declaration", "generator_function_declaration"):
            name = node.child_by_field_name("name")
            if name is not None:
                self.function(text(name), node, name, exported)
                if default:
                    self.info.constants.append(("default", Known(Ref(self.module, text(name)))))
        elif kind in ("lexical_declaration", "variable_declaration"):
            kind_node = node.child_by_field_name("kind")
            is_const = kind_node is not None and kind_node.type == "const"
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    self.declarator(declarator, is_const, exported)
        elif kind in ("class_declaration", "abstract_class_declaration"):
            name = node.child_by_field_name("name")
            if name is not None:
                self.bind(text(name), Ref(self.module, text(name)))
                if default:  # `export default class ChatService`: importers reach it as `default`
                    self.info.constants.append(("default", Known(Ref(self.module, text(name)))))
        elif kind == "enum_declaration":
            self.enum(node)

    def function(self, name: str, node: Node, name_node: Node, exported: bool) -> None:
        self.info.functions.append(TopFunction(name, node, name_node, exported))
        self.bind(name, Ref(self.module, name))

    def declarator(self, declarator: Node, is_const: bool, exported: bool) -> None:
        name = declarator.child_by_field_name("name")
        function = _function_value(declarator.child_by_field_name("value"))
        if is_const and function is not None and name is not None and name.type == "identifier":
            self.function(text(name), function, name, exported)
            return
        for bound, binding in declarator_bindings(declarator, is_const):
            if isinstance(binding, Known):
                self.bind(bound, binding.value)
            else:
                self.bind(bound, Ref(self.module, bound))
                self.info.constants.append((bound, binding))
            if exported:
                self.info.exported.add(bound)

    def enum(self, node: Node) -> None:
        name_node, body = node.child_by_field_name("name"), node.child_by_field_name("body")
        if name_node is None or body is None:
            return
        name = text(name_node)
        self.bind(name, Ref(self.module, name))
        auto: float | None = 0.0  # implicit members count on from the last numeric literal
        for member in body.named_children:
            if member.type == "enum_assignment":
                key, value = member.child_by_field_name("name"), member.child_by_field_name("value")
                member_name = key_name(key) if key is not None else None
                if member_name is None or value is None:
                    continue
                self.info.constants.append((f"{name}.{member_name}", Expr(value)))
                auto = float(text(value)) + 1 if value.type == "number" and text(value).isdigit() else None
            elif member.type in ("property_identifier", "string"):
                member_name = key_name(member)
                value_known = Num(auto) if auto is not None else Opaque(f"{name}.{member_name}")
                self.info.constants.append((f"{name}.{member_name}", Known(value_known)))
                auto = auto + 1 if auto is not None else None

    def import_statement(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        if source is None:
            return
        module = resolve_specifier(self.path, string_value(source))
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self.imported(text(part), Ref(module, "default"))
                elif part.type == "namespace_import" and part.named_children:
                    self.imported(text(part.named_children[-1]), Ref(module, "*"))
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        if spec.type != "import_specifier":
                            continue
                        imported, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                        imported_name = key_name(imported) if imported is not None else None
                        if imported_name is not None:
                            self.imported(text(alias) if alias is not None else imported_name, Ref(module, imported_name))

    def imported(self, local: str, ref: Ref) -> None:
        self.info.imports.append((local, ref))
        self.bind(local, ref)

    def export(self, node: Node) -> None:
        default = any(child.type == "default" for child in node.children)
        declaration, value = node.child_by_field_name("declaration"), node.child_by_field_name("value")
        source = node.child_by_field_name("source")
        if declaration is not None:
            self.statement(declaration, True, default)
        elif value is not None:
            function = _function_value(value)
            if function is not None:
                self.function("default", function, function, True)
            else:
                if unwrap(value).type == "identifier":
                    self.info.exported.add(text(unwrap(value)))
                self.info.constants.append(("default", Expr(value)))
        else:
            module = resolve_specifier(self.path, string_value(source)) if source is not None else None
            parts = [part for part in node.named_children if part.type in ("namespace_export", "export_clause")]
            for part in parts:
                if part.type == "namespace_export" and module is not None and part.named_children:
                    self.info.imports.append((text(part.named_children[-1]), Ref(module, "*")))
                elif part.type == "export_clause":
                    self.export_clause(part, module)
            if not parts and module is not None:
                self.info.star_exports.append(Ref(module, "*"))

    def export_clause(self, clause: Node, module: str | None) -> None:
        for spec in clause.named_children:
            name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
            local = key_name(name) if name is not None else None
            if spec.type != "export_specifier" or local is None:
                continue
            public = key_name(alias) if alias is not None else local
            if module is not None:  # a re-export: bound to the other module's name
                self.info.imports.append((public or local, Ref(module, local)))
                continue
            self.info.exported.add(local)
            if public and public != local:
                self.info.constants.append((public, Expr(name)))


def scan_module(root: Node, path: str, module: str) -> ModuleInfo:
    """Read the top level of a file: imports, consts, functions, and which names are exported."""
    scanner = _Scanner(path, module)
    for statement in root.named_children:
        if statement.type == "export_statement":
            scanner.export(statement)
        else:
            scanner.statement(statement, False, False)
    info = scanner.info
    for function in info.functions:
        if function.name in info.exported:
            function.exported = True
    return info
