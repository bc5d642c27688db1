import { askAboutCommissioning } from '$lib/server/commission';
import type { Actions } from './$types';

// A plain form post: nothing here needs client code.
export const csr = false;

/** The general enquiry, for training not tied to one listed course. */
export const actions = {
	default: (event) => askAboutCommissioning(event, null)
} satisfies Actions;
