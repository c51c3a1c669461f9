/** The web app's handle on the shared runtime: the same services the JSON API calls, in-process. */
export { runtimeFromEnv as runtime } from '$shared/runtime/services.ts';
