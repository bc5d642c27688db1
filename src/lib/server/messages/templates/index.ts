import type { Renderer } from '../types';
import { concernRaised } from './concern-raised';
import { placeOffered } from './place-offered';
import { settingsTest } from './settings-test';
import { signInAttempts } from './sign-in-attempts';

/**
 * The template for each kind of message (public.notifications.kind). One line per kind, sorted;
 * a kind queued in SQL without a template here is marked failed by the worker, never lost.
 */
export const templates: Record<string, Renderer> = {
	concern_raised: concernRaised,
	place_offered: placeOffered,
	settings_test: settingsTest,
	sign_in_attempts: signInAttempts
};
