import { describe, expect, it } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import { dangerProbability, ESCALATED_CONFIDENCE } from '../../classifier/escalation.ts';
import { ESCALATION_MODEL } from '../../classifier/escalation-model.ts';

// Tools written for this test, not taken from any dataset.
const manageEntries = {
  name: 'manage_entries',
  description: 'Manage entries of a list. Deleting is possible.',
  inputSchema: { type: 'object', properties: { operation: { type: 'string' }, entry_id: { type: 'string' } } },
};
const getWeather = {
  name: 'get_weather',
  description: 'Returns the current weather forecast for a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string', description: 'City name' } } },
};
const listNotes = { name: 'list_notes', description: 'Lists the titles of the notes in a notebook.', inputSchema: { type: 'object', properties: { notebook: { type: 'string' } } } };

describe('the shipped learned escalation model', () => {
  it('has a stated provenance, a threshold between 0 and 1, and a pruned vocabulary of finite idf and weights', () => {
    expect(ESCALATION_MODEL.provenance).toMatch(/train-escalation\.ts.*first-look-servers\.txt/);
    expect(ESCALATION_MODEL.threshold).toBeGreaterThan(0);
    expect(ESCALATION_MODEL.threshold).toBeLessThan(1);
    const terms = Object.entries(ESCALATION_MODEL.terms);
    expect(terms.length).toBeGreaterThan(500);
    expect(terms.length).toBeLessThanOrEqual(3000);
    for (const [, [idf, weight]] of terms) {
      expect(idf).toBeGreaterThan(0);
      expect(Number.isFinite(weight)).toBe(true);
    }
    // Deleting is the clearest danger word: it must weigh towards dangerous.
    expect(ESCALATION_MODEL.terms['delet']![1]).toBeGreaterThan(0);
  });

  it('escalates a write verdict whose words look dangerous: same category, a learned.escalation signal, confidence below 0.5', () => {
    const assessment = classifyTool(manageEntries);
    expect(assessment.category).toBe('write');
    expect(assessment.signals[0]!.id).toBe('learned.escalation');
    expect(assessment.signals[0]!.evidence).toContain('delet');
    expect(assessment.confidence).toBeLessThanOrEqual(ESCALATED_CONFIDENCE);
    expect(dangerProbability(manageEntries).probability).toBeGreaterThanOrEqual(ESCALATION_MODEL.threshold);
  });

  it('leaves plain reads alone', () => {
    for (const tool of [getWeather, listNotes]) {
      const assessment = classifyTool(tool);
      expect(assessment.category).toBe('read');
      expect(assessment.signals.some((signal) => signal.id === 'learned.escalation')).toBe(false);
      expect(assessment.confidence).toBeGreaterThan(0.5);
      expect(dangerProbability(tool).probability).toBeLessThan(ESCALATION_MODEL.threshold);
    }
  });
});
