// Types of atomic-write.mjs, for TypeScript callers.
export declare function partialFile(file: string, pid: number): string;
export declare function writeAtomically(path: string, data: string | Uint8Array): void;
