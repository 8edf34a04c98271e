export { usableSttProviders } from './providers.ts';
export { usableSttProvidersFor } from './for-team.ts';
export { isPauseRemembered, pauseAttributes, rememberPause } from './pause.ts';
