import { build } from "esbuild";

/**
 * Bundles the engine into bench/.build/engine.js as a production build would (tsx's dev
 * transform adds a function-naming helper to every call, which would distort the numbers).
 * Used by the bench and the soak, which run it in processes of their own.
 */
export async function buildEngineBundle(): Promise<void> {
  await build({
    entryPoints: { engine: "bench/entry.ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    outdir: "bench/.build",
    minify: true,
    logLevel: "error",
  });
}
