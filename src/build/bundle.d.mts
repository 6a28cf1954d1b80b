// Types of src/build/bundle.mjs, for TypeScript callers (tests).
export declare const BUNDLE_DIR: string;
export declare const ENTRIES: Readonly<Record<'herald' | 'compile-worker', string>>;
export declare function bundleFile(name: keyof typeof ENTRIES): string;
export declare function bundleIsStale(): boolean;
export declare function buildBundle(): Promise<void>;
export declare function ensureBundle(): Promise<void>;
export declare function runBundled(name: keyof typeof ENTRIES): Promise<void>;
