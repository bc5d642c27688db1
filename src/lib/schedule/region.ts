/** Where the organisation's groups run: it decides whose bank holidays the schedule warns about. */
export const REGIONS = ['england_wales', 'scotland', 'northern_ireland'] as const;
export type Region = (typeof REGIONS)[number];

export const REGION_LABEL: Record<Region, string> = {
	england_wales: 'England and Wales',
	scotland: 'Scotland',
	northern_ireland: 'Northern Ireland'
};
