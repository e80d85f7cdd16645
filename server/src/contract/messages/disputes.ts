/** English fallback texts of the disputes and hazards register and the public community page. */
export const disputesMessages = {
  'dispute.not_found': 'No dispute or hazard {id}',
  'dispute.invalid_transition': 'A {from} case cannot become {to} (allowed: {allowed})',
  'dispute.outside_cells': 'Case {id} belongs to cell {cellCode}, which is not one of your cells',
  'dispute.building_not_found': 'No building {code}',
  'dispute.photo_too_large': '{field}: the photo is over the limit of {limitMegabytes} MB',
  'dispute.photo_type': '{field}: a photo must be a JPEG or PNG image',
  'dispute.photo_empty': '{field}: the photo is empty',
  'dispute.photo_not_found': 'Case {id} has no photo',
  'public.community_not_found': 'No community {code}',
} as const;
