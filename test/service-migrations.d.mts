export declare const specs: { name: string; schema: string; entities: Function[]; migrations: Function[] }[];
