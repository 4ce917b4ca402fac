#!/bin/sh
# Bundles the engine as `npm run bench` does, for bench/speed.mjs and bench/profile.mjs.
exec npx esbuild bench/entry.ts --bundle --format=esm --platform=node --target=es2022 --outdir=bench/.build --entry-names=engine --minify --log-level=error
