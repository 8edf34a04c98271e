export const MEETING_TYPE_LABELS = {
  investment_screening: 'Investment screening',
  mentoring: 'Mentoring',
  sales: 'Sales',
  product_review: 'Product review',
  general: 'General',
} as const;

export type MeetingTypeName = keyof typeof MEETING_TYPE_LABELS;

/** The label of a meeting type; unknown types read as General. */
export function meetingTypeLabel(type: string): string {
  return (MEETING_TYPE_LABELS as Record<string, string>)[type] ?? MEETING_TYPE_LABELS.general;
}
