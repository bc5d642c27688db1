import { describe, expect, it } from 'vitest';
import {
	gross,
	money,
	parsePounds,
	percent,
	plusVat,
	plusVatWithTotal,
	poundsField,
	price,
	priceRange,
	vatOn
} from './money';

describe('course money in words', () => {
	it('always shows pence for amounts, with thousands separated', () => {
		expect(money(123450)).toBe('£1,234.50');
		expect(money(0)).toBe('£0.00');
		expect(money(5)).toBe('£0.05');
		expect(money(39500)).toBe('£395.00');
		expect(money(123456789)).toBe('£1,234,567.89');
		expect(money(-1200)).toBe('−£12.00');
	});

	it('drops ".00" in a price but keeps real pence', () => {
		expect(price(39500)).toBe('£395');
		expect(price(39550)).toBe('£395.50');
		expect(price(150000)).toBe('£1,500');
	});

	it('refuses fractions of a penny rather than hiding them', () => {
		expect(() => money(10.5)).toThrow(RangeError);
		expect(() => price(0.1)).toThrow(RangeError);
	});

	it('rounds VAT to the penny as PostgreSQL does (half away from zero)', () => {
		expect(vatOn(39500, 20)).toBe(7900);
		expect(vatOn(1, 50)).toBe(1); // 0.5p rounds up
		expect(vatOn(333, 17.5)).toBe(58); // 58.275p
		expect(vatOn(10, 5)).toBe(1); // 0.5p
		expect(vatOn(39500, 0)).toBe(0);
		expect(gross(39500, 20)).toBe(47400);
	});

	it('says "+ VAT" the way buyers expect', () => {
		expect(plusVat(39500, 20)).toBe('£395 + VAT');
		expect(plusVat(39500, 0)).toBe('£395, no VAT');
		expect(plusVatWithTotal(39500, 20)).toBe('£395 + VAT (£474 in total)');
		expect(percent(20)).toBe('20%');
		expect(percent(17.5)).toBe('17.5%');
	});

	it('gives a fee range, or one price when the tiers cost the same', () => {
		expect(priceRange(39500, 49500)).toBe('£395–£495 + VAT');
		expect(priceRange(39500, 39500)).toBe('£395 + VAT');
		expect(priceRange(47400, 59400, false)).toBe('£474–£594');
	});

	it('reads pounds typed into a form, and refuses what is not money', () => {
		expect(parsePounds('395')).toBe(39500);
		expect(parsePounds('£1,234.50')).toBe(123450);
		expect(parsePounds('1234.5')).toBe(123450);
		expect(parsePounds(' 0.07 ')).toBe(7);
		expect(parsePounds('-5')).toBeNull();
		expect(parsePounds('12.345')).toBeNull();
		expect(parsePounds('abc')).toBeNull();
		expect(parsePounds('')).toBeNull();
		expect(poundsField(39500)).toBe('395.00');
	});
});
