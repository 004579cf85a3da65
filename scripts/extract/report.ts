/** SourceDoc → ReportRecord. (Being written: issue 3.) */
import { NotAReport, type ReportRecord, type SourceDoc } from '../template/record.ts';

export function extractReport(doc: SourceDoc, name: string): ReportRecord {
  void doc;
  throw new NotAReport(`${name}: extractor not written yet`, 'unsupported');
}
