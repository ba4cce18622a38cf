/**
 * Every check of the compiler, as data. Each check lives in its own file,
 * named for the rule it enforces, with its test beside it and its codes in
 * the catalogue. Checks only report: they never throw for a user's mistake,
 * never depend on each other's output, and skip names another check reports
 * (an unknown purpose is LF203 once, not LF203 and LF301 and LF303).
 * The checks that read the paths of the flow graph do not run while a jump
 * lands nowhere (LF204) or a consent step names no purpose (LF203): every
 * path through it lacks the edge or the consent the author meant, so what
 * they would report follows from the misspelt name.
 *
 * Adding a check is adding a line to `checks`, and its texts to
 * `diagnostics/messages.ts` under keys `NAME.case` (docs/contributing.md).
 */
import type { DiagnosticCode } from "../diagnostics/catalogue.ts";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { DiagnosticBag } from "../diagnostics/messages.ts";
import { buildFlowGraph, type FlowGraph } from "../analyses/flow-graph.ts";
import type { Program } from "../program.ts";
import { jumpTargets } from "../analyses/walk.ts";
import { span } from "../source.ts";

import { flowDeclaration } from "./flow-declaration.ts";
import { controllerDeclared } from "./controller-declared.ts";
import { uniqueNames } from "./unique-names.ts";
import { knownFields } from "./known-fields.ts";
import { knownPurposes } from "./known-purposes.ts";
import { jumpsLand } from "./jumps-land.ts";
import { typeParameters } from "./type-parameters.ts";
import { knownBasis } from "./known-basis.ts";
import { art9Names } from "./art9-names.ts";
import { fideslangIds } from "./fideslang-ids.ts";
import { purposeItems } from "./purpose-items.ts";
import { branchValues } from "./branch-values.ts";
import { conditionTypes } from "./condition-types.ts";
import { basisMatches } from "./basis-matches.ts";
import { consentBeforeCollection } from "./consent-before-collection.ts";
import { collectedForNeedingPurposes } from "./collected-for-needing-purposes.ts";
import { fieldsNeeded } from "./fields-needed.ts";
import { neededFieldsAsked } from "./needed-fields-asked.ts";
import { retention } from "./retention.ts";
import { basisEvidence } from "./basis-evidence.ts";
import { specialCategory } from "./special-category.ts";
import { consentSteps } from "./consent-steps.ts";
import { consentOnlySettings } from "./consent-only-settings.ts";
import { noNagging } from "./no-nagging.ts";
import { oneValuePerPurpose } from "./one-value-per-purpose.ts";
import { objectionSettings } from "./objection-settings.ts";
import { marketingMarked } from "./marketing-marked.ts";
import { noConsentWall } from "./no-consent-wall.ts";
import { art9Grounds } from "./art9-grounds.ts";
import { automatedDecisions } from "./automated-decisions.ts";
import { consentKeeps } from "./consent-keeps.ts";
import { heldFields } from "./held-fields.ts";
import { interpolationInSteps } from "./interpolation-in-steps.ts";
import { hasSteps } from "./has-steps.ts";
import { reachableSteps } from "./reachable-steps.ts";
import { loopsWait } from "./loops-wait.ts";
import { noRunPastEnd } from "./no-run-past-end.ts";

export interface CheckContext {
  readonly program: Program;
  readonly graph: FlowGraph;
  readonly bag: DiagnosticBag;
}

export interface Check {
  /** The rule's name, as in its file name. */
  readonly name: string;
  /** The codes this check may report. */
  readonly codes: readonly DiagnosticCode[];
  /** Reads the paths of the flow graph: skipped while a jump lands nowhere (LF204 says where). */
  readonly paths?: true;
  run(ctx: CheckContext): void;
}

/** The checks in the order they run (which does not change what they report: output is sorted). */
export const checks: readonly Check[] = [
  // names, declarations and types (LF2xx)
  flowDeclaration,
  controllerDeclared,
  uniqueNames,
  knownFields,
  knownPurposes,
  jumpsLand,
  typeParameters,
  knownBasis,
  art9Names,
  fideslangIds,
  purposeItems,
  branchValues,
  conditionTypes,
  heldFields,
  interpolationInSteps,
  // privacy law (LF3xx)
  basisMatches,
  consentBeforeCollection,
  collectedForNeedingPurposes,
  fieldsNeeded,
  neededFieldsAsked,
  retention,
  basisEvidence,
  specialCategory,
  consentSteps,
  consentOnlySettings,
  objectionSettings,
  marketingMarked,
  oneValuePerPurpose,
  noNagging,
  noConsentWall,
  art9Grounds,
  automatedDecisions,
  consentKeeps,
  // flow graph (LF4xx)
  hasSteps,
  reachableSteps,
  loopsWait,
  noRunPastEnd,
];

/**
 * Runs every check on the program and returns what they report, sorted. A
 * check that throws is a bug in Lawflow: it becomes one LF900 diagnostic and
 * the other checks still run.
 */
export function runChecks(program: Program, list: readonly Check[] = checks): Diagnostic[] {
  const bag = new DiagnosticBag();
  let graph: FlowGraph;
  try {
    graph = buildFlowGraph(program);
  } catch (error) {
    bag.report("internal.graph", { reason: errorText(error) }, {
      path: program.main.path,
    });
    return bag.items;
  }
  const ctx: CheckContext = { program, graph, bag };
  const lost = program.steps.some(
    (step) =>
      jumpTargets(step).some((target) => !program.stepIndex.has(target.text)) || (step.kind === "consent" && !program.purposes.has(step.purpose.text)),
  );
  for (const check of list) {
    if (lost && check.paths) continue;
    try {
      check.run(ctx);
    } catch (error) {
      bag.report("internal.check", { check: check.name, reason: errorText(error) }, { span: span(program.main.span.file, 0, 0) });
    }
  }
  return sortDiagnostics(bag.items);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
