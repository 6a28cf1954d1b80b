// Types of src/entry/node-bundle.mjs, for src/cli/build.ts.
export declare const BUNDLE_DIR: string;
export declare const BUNDLE_FILE: string;
export declare function bundleIsStale(): boolean;
export declare function buildBundle(): Promise<void>;
export declare function ensureBundle(): Promise<string>;
