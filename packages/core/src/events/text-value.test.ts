import { describe, expect, it } from 'vitest';
import { isTextValue, MAX_CATEGORY_LENGTH, textLength } from './text-value.ts';

describe('textLength', () => {
  it('counts code points: a character outside the BMP is one, a lone surrogate is one', () => {
    expect(textLength('')).toBe(0);
    expect(textLength('abc')).toBe(3);
    expect(textLength('é')).toBe(1);
    expect(textLength('😀')).toBe(1);
    expect(textLength('a😀b😀')).toBe(4);
    expect(textLength('\ud83d')).toBe(1);
    expect(textLength('\ude00\ud83d')).toBe(2);
    expect(textLength('x\ud83d')).toBe(2);
  });

  it('equals the length of the string as an array of code points', () => {
    const s = 'Le café ☕ a été servi 😀 en 3 minutes, 🇩🇪 '.repeat(40);
    expect(textLength(s)).toBe([...s].length);
  });
});

describe('isTextValue', () => {
  it('is a category up to 256 characters and a text beyond', () => {
    expect(MAX_CATEGORY_LENGTH).toBe(256);
    expect(isTextValue('x'.repeat(256))).toBe(false);
    expect(isTextValue('x'.repeat(257))).toBe(true);
    expect(isTextValue('x'.repeat(5000))).toBe(true);
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(isTextValue('😀'.repeat(256))).toBe(false); // 512 code units
    expect(isTextValue('😀'.repeat(257))).toBe(true);
    expect(isTextValue(`${'😀'.repeat(200)}${'x'.repeat(56)}`)).toBe(false);
    expect(isTextValue(`${'😀'.repeat(200)}${'x'.repeat(57)}`)).toBe(true);
  });
});
