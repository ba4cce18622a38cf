/**
 * The Lawflow language server (`lawflow lsp`), speaking LSP over stdio with
 * `vscode-languageserver`: diagnostics as you type (the compiler's own, with
 * their related places and hints, across `use`d policy files), hover, go to
 * definition, find references, rename, completion, document symbols, quick
 * fixes from "did you mean" hints, and formatting.
 *
 * Each open document is compiled in memory up to the checks (never further:
 * an editor needs no machine, code or documents); a `use`d file is read from
 * its editor buffer when open, else from disk, and parsed again only when its
 * text changed. Edits that arrive while one is being checked are coalesced:
 * only the newest version of a document is checked. The name index behind
 * definition, references and rename is built on the first request that needs
 * it, not on every keystroke.
 *
 * `use "…"` paths lead to their file (go to definition), and the problems of
 * a used file that is not open are published under that file, so the
 * editor's problem list shows them.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind, CompletionItemKind, createConnection, DiagnosticSeverity, DocumentSymbol, Location, MarkupKind, ProposedFeatures,
  SymbolKind, TextDocumentSyncKind, TextDocuments, TextEdit, type CodeAction, type CompletionItem, type Connection,
  type Diagnostic as LspDiagnostic, type Hover, type Range, type WorkspaceEdit,
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { BASIS_NAMES, type FieldDecl, type PurposeDecl } from "../compiler/ast.ts";
import { compileSource, nodeReader, type CompileResult } from "../compiler/compile.ts";
import { ParseCache } from "../compiler/load.ts";
import { normalizePath, resolveUsePath } from "../compiler/paths.ts";
import { catalogue } from "../compiler/diagnostics/catalogue.ts";
import type { Diagnostic } from "../compiler/diagnostics/diagnostic.ts";
import { purposeBasis, purposeItem, purposeNeeds, purposeRetention, type Program } from "../compiler/program.ts";
import type { SourceFile, Span } from "../compiler/source.ts";
import { CONTEXTUAL_WORDS, KEYWORD_WORDS } from "../compiler/syntax/tokens.ts";
import { formatFlow } from "../prettier/format.ts";
import { occurrenceAt, occurrences, type Occurrence } from "./names.ts";

const ART9_CATEGORIES = ["racial_or_ethnic_origin", "political_opinions", "religious_or_philosophical_beliefs", "trade_union_membership", "genetic", "biometric", "health", "sex_life_or_sexual_orientation"];

interface Compiled {
  readonly version: number;
  readonly text: string;
  /** The text each used file had, to tell whether a result still holds. */
  readonly usedTexts: readonly (readonly [string, string])[];
  readonly result: CompileResult;
  /** Every name of the program's files; built when first asked for. */
  readonly names: () => Occurrence[];
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout)): Connection {
  const documents = new TextDocuments(TextDocument);
  const compiled = new Map<string, Compiled>();
  const parses = new ParseCache();
  /** For each open flow, the used files (not open) whose diagnostics it published. */
  const publishedUsed = new Map<string, Set<string>>();

  const pathOf = (uri: string) => (uri.startsWith("file:") ? fileURLToPath(uri) : uri);
  const uriOf = (path: string) => (path.startsWith("/") || /^[A-Za-z]:/.test(path) ? pathToFileURL(path).href : path);

  /** Reads a `use`d file from its open buffer, else from disk as the CLI does (errors keep Node's code, and a file not in UTF-8 is refused: loading reports both as LF501). */
  const read = (path: string) => {
    const open = documents.get(uriOf(path));
    return open ? open.getText() : nodeReader(path);
  };

  const readOrUndefined = (path: string) => {
    try {
      return read(path);
    } catch {
      return undefined;
    }
  };

  const compile = (doc: TextDocument): Compiled => {
    const cached = compiled.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    // An edit undone, or a save that changed nothing: the same text has the same diagnostics (its used files unchanged).
    if (cached && cached.text === doc.getText() && !cached.result.diagnostics.some((d) => d.code === "LF501") && cached.usedTexts.every(([path, text]) => readOrUndefined(path) === text)) {
      const again = { ...cached, version: doc.version };
      compiled.set(doc.uri, again);
      return again;
    }
    const result = compileSource(doc.getText(), pathOf(doc.uri), { read, until: "check", parseCache: parses });
    let names: Occurrence[] | undefined;
    const entry = {
      version: doc.version,
      text: doc.getText(),
      usedTexts: result.files.slice(1).map((f) => [f.path, f.text] as const),
      result,
      names: () => (names ??= (result.program?.files ?? []).flatMap(occurrences)),
    };
    compiled.set(doc.uri, entry);
    return entry;
  };

  /** Line tables of files that are not open, one per parsed file. */
  const closedTexts = new WeakMap<SourceFile, TextDocument>();
  const rangeOf = (s: Span): Range => {
    let text = documents.get(uriOf(s.file.path));
    if (!text) {
      text = closedTexts.get(s.file);
      if (!text) closedTexts.set(s.file, (text = TextDocument.create(uriOf(s.file.path), "lawflow", 0, s.file.text)));
    }
    return { start: text.positionAt(s.start), end: text.positionAt(s.end) };
  };
  const locationOf = (s: Span): Location => Location.create(uriOf(s.file.path), rangeOf(s));

  const toLsp = (d: Diagnostic): LspDiagnostic => ({
    range: d.span ? rangeOf(d.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    codeDescription: { href: `https://github.com/lawflow/lawflow/blob/main/docs/diagnostics.md#${d.code.toLowerCase()}` },
    source: "lawflow",
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    relatedInformation: d.related.map((r) => ({ location: locationOf(r.span), message: r.message })),
    data: { hint: d.hint },
  });

  const validate = (doc: TextDocument) => {
    const { result } = compile(doc);
    const path = pathOf(doc.uri);
    const fileOf = (d: Diagnostic) => (d.span ? d.span.file.path : (d.path ?? path));
    // Problems of a used file are shown at the `use` line that brings them in, as well as in that file.
    const here = result.diagnostics.filter((d) => fileOf(d) === path);
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: here.map(toLsp) });
    // A used file that is not open has no one else to show its problems: this flow publishes them (and clears them once gone).
    const before = publishedUsed.get(doc.uri) ?? new Set<string>();
    const now = new Set<string>();
    for (const file of result.files.slice(1)) {
      const usedUri = uriOf(file.path);
      if (documents.get(usedUri)) continue;
      const own = result.diagnostics.filter((d) => fileOf(d) === file.path);
      if (own.length === 0 && !before.has(usedUri)) continue;
      void connection.sendDiagnostics({ uri: usedUri, diagnostics: own.map(toLsp) });
      if (own.length > 0) now.add(usedUri);
    }
    for (const gone of before) if (!now.has(gone) && !documents.get(gone)) void connection.sendDiagnostics({ uri: gone, diagnostics: [] });
    publishedUsed.set(doc.uri, now);
  };

  /** Checks a changed document once the messages already waiting are read: a burst of edits is checked once, at its newest version. */
  const scheduled = new Set<string>();
  const schedule = (uri: string) => {
    if (scheduled.has(uri)) return;
    scheduled.add(uri);
    setImmediate(() => {
      scheduled.delete(uri);
      const doc = documents.get(uri);
      if (doc) validate(doc);
    });
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      completionProvider: { triggerCharacters: [" ", ">"] },
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentFormattingProvider: true,
    },
    serverInfo: { name: "lawflow" },
  }));

  documents.onDidChangeContent((e) => schedule(e.document.uri));
  documents.onDidClose((e) => {
    compiled.delete(e.document.uri);
    parses.forget(pathOf(e.document.uri));
    for (const used of publishedUsed.get(e.document.uri) ?? []) void connection.sendDiagnostics({ uri: used, diagnostics: [] });
    publishedUsed.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The `use "…"` under the cursor, and the file it names. */
  const useAt = (uri: string, position: { line: number; character: number }) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const path = pathOf(uri);
    const main = compile(doc).result.program?.main ?? parses.parse(path, doc.getText()).file.ast;
    const offset = doc.offsetAt(position);
    for (const d of main.declarations) {
      if (d.kind === "use" && d.path.span.start <= offset && offset <= d.path.span.end) return { use: d, target: resolveUsePath(path, d.path.value) };
    }
    return undefined;
  };

  /** Occurrences of names in `path`'s programs: its own, and those of every open flow that uses it. */
  const namesAcross = (uri: string, c: Compiled): Occurrence[] => {
    const path = normalizePath(pathOf(uri));
    const mine = c.names();
    const seen = new Set(mine);
    const out = [...mine];
    for (const [other, oc] of compiled) {
      if (other === uri || !(oc.result.program?.files ?? []).some((f) => normalizePath(f.span.file.path) === path)) continue;
      for (const o of oc.names()) {
        if (seen.has(o)) continue;
        seen.add(o);
        out.push(o);
      }
    }
    return out;
  };

  /** The occurrence under the cursor and every occurrence of the same thing. */
  const at = (uri: string, position: { line: number; character: number }) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const c = compile(doc);
    const here = occurrenceAt(c.names(), pathOf(uri), doc.offsetAt(position));
    if (!here) return undefined;
    const key = (o: Occurrence) => `${o.name.span.file.path}:${o.name.span.start}`;
    const unique = new Map<string, Occurrence>();
    for (const o of namesAcross(uri, c)) if (o.kind === here.kind && o.name.text === here.name.text && !unique.has(key(o))) unique.set(key(o), o);
    const same = [...unique.values()];
    return { doc, compiled: c, here, same };
  };

  connection.onDefinition((p) => {
    const used = useAt(p.textDocument.uri, p.position);
    if (used) return Location.create(uriOf(used.target), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    const found = at(p.textDocument.uri, p.position);
    if (!found) return null;
    const decl = found.same.find((o) => o.declaration);
    return decl ? locationOf(decl.name.span) : null;
  });

  connection.onReferences((p) => {
    const used = useAt(p.textDocument.uri, p.position);
    if (used) {
      // Every `use` of that file, in the open flows.
      const target = normalizePath(used.target);
      const places: Location[] = [];
      for (const oc of compiled.values()) {
        for (const f of oc.result.program?.files ?? []) {
          for (const d of f.declarations) if (d.kind === "use" && normalizePath(resolveUsePath(f.span.file.path, d.path.value)) === target) places.push(locationOf(d.path.span));
        }
      }
      const unique = new Map(places.map((l) => [`${l.uri}:${l.range.start.line}:${l.range.start.character}`, l]));
      return [...unique.values()];
    }
    const found = at(p.textDocument.uri, p.position);
    if (!found) return [];
    return found.same.filter((o) => p.context.includeDeclaration || !o.declaration).map((o) => locationOf(o.name.span));
  });

  connection.onPrepareRename((p) => {
    const found = at(p.textDocument.uri, p.position);
    return found && found.same.some((o) => o.declaration) ? rangeOf(found.here.name.span) : null;
  });

  connection.onRenameRequest((p): WorkspaceEdit | null => {
    const found = at(p.textDocument.uri, p.position);
    if (!found || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.newName)) return null;
    const changes: Record<string, TextEdit[]> = {};
    for (const o of found.same) (changes[uriOf(o.name.span.file.path)] ??= []).push(TextEdit.replace(rangeOf(o.name.span), p.newName));
    return { changes };
  });

  connection.onHover((p): Hover | null => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return null;
    const c = compile(doc);
    const offset = doc.offsetAt(p.position);
    const diagnostic = c.result.diagnostics.find((d) => d.span && d.span.file.path === pathOf(doc.uri) && d.span.start <= offset && offset <= d.span.end);
    const found = at(p.textDocument.uri, p.position);
    const program = c.result.program;
    let text: string | undefined;
    if (found && program) text = describe(program, found.here);
    if (diagnostic) {
      const entry = catalogue[diagnostic.code];
      const about = `**${diagnostic.code}** — ${entry.title}${"article" in entry && entry.article ? ` (GDPR ${entry.article})` : ""}: see docs/diagnostics.md#${diagnostic.code.toLowerCase()}`;
      text = text ? `${text}\n\n---\n\n${about}` : about;
    }
    return text ? { contents: { kind: MarkupKind.Markdown, value: text }, ...(found ? { range: rangeOf(found.here.name.span) } : {}) } : null;
  });

  connection.onCompletion((p): CompletionItem[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const program = compile(doc).result.program;
    const items: CompletionItem[] = [...KEYWORD_WORDS, ...CONTEXTUAL_WORDS].map((k) => ({ label: k, kind: CompletionItemKind.Keyword }));
    for (const b of BASIS_NAMES) items.push({ label: b, kind: CompletionItemKind.EnumMember, detail: "lawful basis (Art. 6(1))" });
    for (const a of ART9_CATEGORIES) items.push({ label: a, kind: CompletionItemKind.EnumMember, detail: "special category (Art. 9(1))" });
    if (program) {
      for (const [name, decl] of program.purposes) items.push({ label: name, kind: CompletionItemKind.Module, detail: `purpose: ${decl.why.value}` });
      for (const [name, decl] of program.fields) items.push({ label: name, kind: CompletionItemKind.Field, detail: `field: ${decl.type.kind}` });
      for (const id of program.stepIndex.keys()) items.push({ label: id, kind: CompletionItemKind.Reference, detail: "step" });
    }
    return items;
  });

  connection.onDocumentSymbol((p): DocumentSymbol[] => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const main = compile(doc).result.program?.main;
    if (!main) return [];
    const symbols: DocumentSymbol[] = [];
    for (const d of main.declarations) {
      if (d.kind === "purpose") symbols.push(DocumentSymbol.create(d.name.text, d.why.value, SymbolKind.Module, rangeOf(d.span), rangeOf(d.name.span)));
      else if (d.kind === "field") symbols.push(DocumentSymbol.create(d.name.text, d.type.kind, SymbolKind.Field, rangeOf(d.span), rangeOf(d.name.span)));
    }
    for (const s of main.steps) {
      const id = s.id ?? (s.kind === "ask" ? s.field : s.kind === "consent" ? s.purpose : undefined);
      if (id) symbols.push(DocumentSymbol.create(id.text, s.kind, SymbolKind.Event, rangeOf(s.span), rangeOf(id.span)));
    }
    return symbols;
  });

  connection.onCodeAction((p): CodeAction[] => {
    const actions: CodeAction[] = [];
    for (const d of p.context.diagnostics) {
      const hint = (d.data as { hint?: string } | undefined)?.hint;
      const word = hint && /^did you mean `([A-Za-z_][A-Za-z0-9_]*)`\?$/.exec(hint)?.[1];
      if (!word) continue;
      actions.push({
        title: `Change to \`${word}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [p.textDocument.uri]: [TextEdit.replace(d.range, word)] } },
      });
    }
    return actions;
  });

  connection.onDocumentFormatting(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    try {
      const formatted = await formatFlow(doc.getText(), pathOf(doc.uri));
      if (formatted === doc.getText()) return [];
      return [TextEdit.replace({ start: doc.positionAt(0), end: doc.positionAt(doc.getText().length) }, formatted)];
    } catch {
      // A file with a syntax error is not formatted; its diagnostics already say why.
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** Hover text for a purpose, field or step. */
function describe(program: Program, o: Occurrence): string | undefined {
  if (o.kind === "purpose") {
    const p = program.purposes.get(o.name.text);
    return p ? purposeText(p) : undefined;
  }
  if (o.kind === "field") {
    const f = program.fields.get(o.name.text);
    return f ? fieldText(program, f) : undefined;
  }
  const index = program.stepIndex.get(o.name.text);
  return index === undefined ? undefined : `**step** \`${o.name.text}\` (${program.steps[index]!.kind})`;
}

function retentionText(p: PurposeDecl): string {
  const r = purposeRetention(p);
  if (!r) return "not declared";
  if (r.kind === "session") return "for the conversation";
  if (r.kind === "until_withdrawn") return "until consent is withdrawn";
  return `${r.period.amount} ${r.period.unit}${r.orUntilWithdrawn ? " or until withdrawn" : ""}`;
}

function purposeText(p: PurposeDecl): string {
  const shared = purposeItem(p, "shared_with")?.recipients.map((r) => r.value);
  return [
    `**purpose** \`${p.name.text}\` — ${p.why.value}`,
    "",
    `- basis: ${purposeBasis(p) ?? "not declared"}`,
    `- retention: ${retentionText(p)}`,
    `- shared with: ${shared?.length ? shared.join(", ") : "no one"}`,
  ].join("\n");
}

function fieldText(program: Program, f: FieldDecl): string {
  const needing = [...program.purposes.values()].filter((p) => purposeNeeds(p).some((n) => n.text === f.name.text));
  const lines = [`**field** \`${f.name.text}\`: ${f.type.kind}${f.label ? ` — ${f.label.value}` : ""}${f.special ? ` (special category: ${f.special.text})` : ""}`, ""];
  if (needing.length === 0) lines.push("- needed by no purpose");
  for (const p of needing) lines.push(`- needed by \`${p.name.text}\`: ${purposeBasis(p) ?? "no basis"}, kept ${retentionText(p)}`);
  return lines.join("\n");
}
