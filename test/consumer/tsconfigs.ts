/**
 * The configurations an app may have, in turn: Node's own module system,
 * Vite's template, and the strictest flags in common use. Lawflow's generated
 * module and its declarations must pass each, with and without skipLibCheck.
 */
type TsConfig = { compilerOptions: Record<string, unknown>; include: string[] };

const nodenext = (files: string[], skipLibCheck: boolean): TsConfig => ({
  compilerOptions: { module: "nodenext", target: "es2022", strict: true, outDir: "dist", skipLibCheck },
  include: files,
});

export const TSCONFIGS: Record<"nodenext" | "bundler" | "strictest", (files: string[], skipLibCheck: boolean) => TsConfig> = {
  nodenext,
  /** The flags of Vite's `vanilla-ts` template. */
  bundler: (files, skipLibCheck) => ({
    compilerOptions: {
      target: "ES2022",
      useDefineForClassFields: true,
      module: "ESNext",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      types: ["vite/client"],
      skipLibCheck,
      moduleResolution: "bundler",
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      moduleDetection: "force",
      noEmit: true,
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      erasableSyntaxOnly: true,
      noFallthroughCasesInSwitch: true,
      noUncheckedSideEffectImports: true,
    },
    include: files,
  }),
  strictest: (files, skipLibCheck) => ({
    compilerOptions: {
      ...nodenext(files, skipLibCheck).compilerOptions,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitReturns: true,
      noImplicitOverride: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noFallthroughCasesInSwitch: true,
      noPropertyAccessFromIndexSignature: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      allowUnreachableCode: false,
    },
    include: files,
  }),
};
