// Shared test setup. Component tests opt into jsdom with a file-level
// `// @vitest-environment jsdom` comment; engine tests run in plain Node.
export {};

if (typeof window !== "undefined") {
  await import("@testing-library/jest-dom/vitest");
  const { installDomShims } = await import("./support/domShims");
  installDomShims();
}
