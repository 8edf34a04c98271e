/** One transcript line as the steps see it (a final segment). */
export interface Line {
  /** 1-based position in the meeting (prompts cite lines by it). */
  n: number;
  /** transcript_segments.id */
  rowId: string;
  segmentId: string;
  speakerIdentity: string;
  speakerName: string;
  text: string;
  startMs: number;
  endMs: number;
}

export interface Participant {
  identity: string;
  name: string;
}

export interface MeetingInfo {
  id: string;
  title: string;
  type: string;
  teamId: string | null;
  ownerId: string;
  /** The day the meeting happened (due dates resolve against it). */
  date: Date;
}

/** The finalised transcript every later step reads. */
export interface Transcript {
  meeting: MeetingInfo;
  lines: Line[];
  participants: Participant[];
}

export interface Point {
  text: string;
  segmentId: string | null;
  startMs: number | null;
}

export interface SummaryResult {
  source: 'llm' | 'extractive';
  overview: string;
  keyPoints: Point[];
  decisions: Point[];
  openQuestions: Point[];
}

export interface ActionItemResult {
  text: string;
  ownerIdentity: string | null;
  ownerName: string | null;
  dueDate: string | null;
  dueText: string | null;
  segmentId: string | null;
  startMs: number | null;
  source: 'llm' | 'rules';
}

export interface ExtractedField {
  fieldId: string;
  label: string;
  type: string;
  value: string;
  unit: string | null;
  segmentId: string | null;
  startMs: number | null;
  source: 'llm' | 'rules';
}
