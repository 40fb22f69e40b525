/// <reference types="vite/client" />

/** True in `vite build` output, where the offline service worker (sw.js) exists. */
declare const __DEMO_OFFLINE__: boolean;
