// Types for scripts/node-versions.mjs, which bench/ and test/ import (the repo has no allowJs).
export declare const MATRIX_MAJORS: readonly number[];
export declare const NODE_CACHE: string;
export declare function nodeBinary(major: number): string;
export declare function describeNode(binary: string): { version: string; lts: string | null };
