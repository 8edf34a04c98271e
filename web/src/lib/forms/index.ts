export { default as TextField } from './TextField.svelte';
export { submitting } from './submitting.ts';
