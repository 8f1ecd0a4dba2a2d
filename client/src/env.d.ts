// Vite bundles these side-effect and asset imports; the TypeScript checker only needs to know they exist.
declare module '*.css';
