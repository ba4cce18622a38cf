/**
 * The catalogue of every diagnostic Lawflow reports. Codes are stable: once
 * published a code keeps its meaning, so users can search for it and tools can
 * filter on it. Codes come in bands:
 *
 *   LF1xx  syntax (lexer and parser)
 *   LF2xx  names, declarations and types
 *   LF3xx  privacy law (GDPR)
 *   LF4xx  flow graph
 *   LF5xx  files and the command line
 *   LF9xx  internal errors (a bug in Lawflow, never the user's fault)
 *
 * `docs/diagnostics.md` is generated from this table, and a test checks that
 * every code has a failing fixture and a passing neighbour.
 */

export type Severity = "error" | "warning";

export interface CatalogueEntry {
  readonly severity: Severity;
  /** A short title, used in the docs. */
  readonly title: string;
  /** A minimal `.flow` excerpt that triggers the diagnostic (for the docs). */
  readonly example: string;
  /** The GDPR article the rule rests on, where the law is the reason. */
  readonly article?: string;
}

export const catalogue = {
  // ── LF1xx syntax ──────────────────────────────────────────────────────────
  LF101: { severity: "error", title: "Unexpected character", example: 'say "hi" @' },
  LF102: { severity: "error", title: "Unexpected token", example: 'ask "Which company?" for quote under contract' },
  LF103: { severity: "error", title: "Unterminated string", example: 'say "hello' },
  LF104: { severity: "error", title: "Invalid escape sequence in a string", example: 'say "tab\\q"' },
  LF105: { severity: "error", title: "Unterminated block comment", example: "/* never closed" },
  LF106: { severity: "error", title: "Malformed interpolation", example: 'say "Hi {company"' },

  // ── LF2xx names, declarations, types ──────────────────────────────────────
  LF201: { severity: "error", title: "Declared twice", example: "field email: email\nfield email: email" },
  LF202: { severity: "error", title: "Unknown field", example: 'ask emial "Email?" for quote under contract' },
  LF203: { severity: "error", title: "Unknown purpose", example: 'ask email "Email?" for qoute under contract' },
  LF204: { severity: "error", title: "Jump to an unknown step", example: "goto nowhere" },
  LF205: { severity: "error", title: "Missing or repeated flow declaration", example: '// no `flow Name version "1.0.0"` line' },
  LF206: { severity: "error", title: "Missing or repeated controller", example: '// no `controller "Acme" contact "privacy@acme.example"`' },
  LF207: { severity: "error", title: "Invalid type parameters", example: "field age: integer(120..0)" },
  LF208: { severity: "error", title: "Choice value declared twice", example: 'field plan: choice(pro "Pro", pro "Pro+")' },
  LF209: { severity: "error", title: "Branch value does not fit the field's type", example: 'ask plan "Plan?" for quote under contract\n  when gold -> sales' },
  LF210: { severity: "error", title: "Types in a condition do not agree", example: "if plan > 3 -> big" },
  LF211: { severity: "error", title: "Unknown lawful basis", example: "basis contractual" },
  LF212: { severity: "error", title: "Invalid version", example: 'flow Lead version "one"' },
  LF213: { severity: "error", title: "Field may not be held here", example: 'say "Hello {company}"  // before company is asked' },
  LF214: { severity: "error", title: "Purpose item given twice or missing", example: "purpose quote \"…\" { basis contract  basis consent }" },
  LF215: { severity: "error", title: "Unknown Art. 9 condition or special category", example: "condition because_i_said_so" },
  LF216: { severity: "error", title: "Interpolation in a text that is shown as written", example: 'purpose quote "Prepare a quote for {company}" { … }  // only step texts are filled in', article: "Art. 12(1)" },
  LF217: { severity: "error", title: "Branch value given twice at one ask", example: 'ask plan "Plan?" for quote under contract\n  when pro -> sales\n  when pro -> demo  // never taken' },
  LF218: { severity: "error", title: "Unknown Fideslang data use or data category", example: "purpose promo \"…\" { category marketing.spam.bogus … }", article: "Art. 30(1)(b)–(c)" },
  LF219: { severity: "warning", title: "`${field}` in a step's text shows the `$`", example: 'end "Thanks, ${company}!"  // shows "Thanks, $Acme!"' },

  // ── LF3xx privacy law ─────────────────────────────────────────────────────
  LF301: { severity: "error", title: "Basis at the ask differs from the purpose's declaration", example: 'ask email "Email?" for newsletter under contract  // newsletter: basis consent', article: "Art. 6(1)" },
  LF302: { severity: "error", title: "Collection under consent before consent is given", example: 'ask email "Email?" for newsletter under consent  // no consent step before', article: "Art. 6(1)(a), Art. 7(1)" },
  LF303: { severity: "error", title: "Field collected for a purpose that does not need it", example: 'ask birth_year "Born?" for quote under contract  // quote does not need birth_year', article: "Art. 5(1)(c)" },
  LF304: { severity: "error", title: "Field that no purpose needs", example: "field shoe_size: integer(1..60)  // in no `needs`", article: "Art. 5(1)(c)" },
  LF305: { severity: "warning", title: "Purpose needs a field that is never asked for it", example: "purpose quote \"…\" { needs phone … }  // no ask collects phone for quote", article: "Art. 5(1)(c)" },
  LF306: { severity: "error", title: "Retention not declared", example: "purpose quote \"…\" { basis contract  needs email }", article: "Art. 5(1)(e), Art. 13(2)(a)" },
  LF307: { severity: "error", title: "Unbounded retention without consent", example: "purpose quote \"…\" { basis contract  retain until withdrawn }", article: "Art. 5(1)(e)" },
  LF308: { severity: "error", title: "Basis without its evidence", example: "basis legitimate_interests", article: "Art. 6(1)(c),(e),(f), Art. 13(1)(d)" },
  LF309: { severity: "error", title: "Special-category data without an Art. 9 condition", example: "field diagnosis: text(200) special health\n// collected under a purpose without `condition`", article: "Art. 9" },
  LF310: { severity: "error", title: "Consent purpose without a consent step", example: "purpose newsletter \"…\" { basis consent … }  // no `consent newsletter`", article: "Art. 7(1)" },
  LF311: { severity: "error", title: "Consent step for a purpose that does not rest on consent", example: 'consent quote "May we?"  // quote: basis contract', article: "Art. 6(1)" },
  LF312: { severity: "warning", title: "Consent asked again after a refusal", example: 'consent newsletter "May we?"\n  refused -> again\nconsent again: newsletter "Sure?"', article: "Art. 7(4), Recital 32" },
  LF313: { severity: "warning", title: "Refusing consent can only end the conversation", example: 'consent newsletter "May we?"\n  refused -> bye\nend bye "Goodbye"', article: "Art. 7(4), Recital 43" },
  LF314: { severity: "error", title: "Setting that needs a consent basis", example: "purpose quote \"…\" { basis contract  withdraw on \"stop\" }", article: "Art. 7(3)" },
  LF315: { severity: "error", title: "Retention or consent validity beyond 100 years", example: "purpose archive \"…\" { basis legal_obligation  retain 1000000 years }", article: "Art. 5(1)(e)" },
  LF316: {
    severity: "warning",
    title: "Question asked before the consent request of a consent purpose it serves",
    example: 'ask email "Email?" for quote under contract, news under consent\nconsent news "Newsletter?"  // asked after the email',
    article: "Art. 6(1)(a), Art. 7(1)",
  },
  LF317: { severity: "error", title: "Retention or consent validity of zero", example: "purpose chat \"…\" { basis contract  retain 0 days }", article: "Art. 5(1)(e)" },
  LF320: { severity: "error", title: "Explicit consent claimed for a purpose that does not rest on consent", example: "purpose screening \"…\" { basis contract  condition explicit_consent … }", article: "Art. 9(2)(a), Art. 22(4), Art. 7(1)" },
  LF321: { severity: "error", title: "Art. 9(2) condition without the fact it rests on", example: "purpose payroll \"…\" { basis legal_obligation \"…\"  condition employment … }", article: "Art. 9(2)(b)–(j)" },
  LF322: { severity: "error", title: "Automated processing that does not say whether it decides or profiles", example: "purpose fraud \"…\" { automated \"A score decides\" … }", article: "Art. 22(1), Art. 13(2)(f)" },
  LF323: { severity: "error", title: "Automated decision that Art. 22 does not allow", example: "purpose fraud \"…\" { basis legitimate_interests \"…\"  automated decision \"…\" effects \"…\" }", article: "Art. 22(2), Art. 22(4)" },
  LF324: { severity: "error", title: "Consent step keeps a field its purpose does not need", example: 'consent pool "May we keep your CV?"\n  keeps phone  // pool does not need phone', article: "Art. 5(1)(b)–(c)" },
  LF330: {
    severity: "warning",
    title: "Field asked again for other purposes",
    example: 'ask email "Email for your order?" for orders under contract\nconsent newsletter "Newsletter?"\nask news_email: email "Email for the newsletter?" for newsletter under consent',
    article: "Art. 5(1)(b)",
  },
  LF331: { severity: "error", title: "Objection phrase on a purpose that cannot be objected to", example: "purpose quote \"…\" { basis contract  object on \"I object\" }", article: "Art. 21" },
  LF332: {
    severity: "warning",
    title: "Marketing purpose not marked direct marketing",
    example: "purpose news \"…\" { basis consent  category marketing.communications.email … }  // no `direct_marketing`",
    article: "Art. 21(2)–(4)",
  },

  // ── LF4xx flow graph ──────────────────────────────────────────────────────
  LF401: { severity: "error", title: "Unreachable step", example: 'end "Bye"\nsay "never shown"' },
  LF402: { severity: "error", title: "Loop without a waiting step", example: "a: say \"…\"\ngoto a" },
  LF403: { severity: "error", title: "The flow can run past its last step", example: 'ask email "Email?" for quote under contract\n// no `end` after it' },
  LF404: { severity: "error", title: "Flow without steps", example: 'flow Empty version "1.0.0"' },
  LF405: {
    severity: "error",
    title: "Loop whose every step can be passed without waiting",
    example: 'more: ask item "Anything else?" for offers under consent\n  when yes -> more  // skipped, round and round, once consent is withdrawn',
    article: "Art. 6(1)",
  },

  // ── LF5xx files and command line ──────────────────────────────────────────
  LF501: { severity: "error", title: "File cannot be read", example: 'use "./missing.flow"' },
  LF502: { severity: "error", title: "Files use each other in a cycle", example: 'use "./a.flow"  // in a.flow: use "./b.flow"' },
  LF503: { severity: "error", title: "A policy file declares steps or a flow", example: 'use "./policy.flow"  // policy.flow contains `say …`' },
  LF504: { severity: "error", title: "Output cannot be written", example: "lawflow compile lead.flow --out /read-only" },
  LF505: { severity: "error", title: "Flow too large to lay out as SVG", example: "lawflow graph --format svg huge.flow  // more than 1,000 steps" },
  LF506: {
    severity: "warning",
    title: "JavaScript output that Node would read as CommonJS",
    example: "lawflow compile --emit js lead.flow  // in a package.json without \"type\": \"module\"",
  },
  LF507: {
    severity: "warning",
    title: "Declarations beside a flow cannot be written",
    example: "vite build  // in a read-only checkout: support.flow.d.ts cannot be written",
  },

  // ── LF9xx internal ────────────────────────────────────────────────────────
  LF900: { severity: "error", title: "Internal compiler error (a bug in Lawflow; please report it)", example: "" },
} as const satisfies Record<string, CatalogueEntry>;

export type DiagnosticCode = keyof typeof catalogue;
