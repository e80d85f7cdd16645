// Strings of the grid editor, in Chinese (default) and English. Kept beside the editor so the
// screen can grow without touching the app-wide catalogues; the active locale is the app's.
import { formatNumber, i18n } from '../i18n/index.svelte';

const zh = {
  title: '网格编辑',
  pickCommunity: '选择社区',
  pickHint: '选择一个社区，打开它的网格方案：刷入楼幢、画范围、自动生成、校验并发布。',
  communityCard: '{households} 户 · {buildings} 幢楼',
  plans: '方案',
  newEmpty: '空白草稿',
  newFromPublished: '复制现行方案',
  generate: '自动生成',
  range: '每格户数',
  status_draft: '草稿',
  status_submitted: '已提交',
  status_approved: '已批准',
  status_published: '现行',
  status_archived: '已归档',
  status_rejected: '已退回',
  cells: '网格',
  households: '户数',
  residents: '人口',
  buildings: '楼幢',
  area: '面积',
  compactness: '紧凑度',
  locked: '锁定',
  lock: '锁定',
  unlock: '解锁',
  metrics: '{cells} 个网格 · 户数 {min}–{max}（均 {mean}）· 最大偏差 {dev}% · 紧凑度 {pp}',
  target: '目标 {target} 户',
  integrity: '完整性检查',
  integrityOk: '全部通过：无空隙、无重叠、每幢楼恰在一个网格',
  slivers: '另有 {count} 处计算误差碎片（共 {area} m²，低于 {tol} m² 容差）',
  zoom: '定位',
  tool_select: '选择',
  tool_paint: '刷入',
  tool_draw: '画范围',
  tool_split: '画线分割',
  hintSelect: '点击楼幢选择，按住 Shift 拖框多选',
  hintPaint: '点击楼幢（或 Shift 拖框）将其刷入网格 {cell}',
  hintPaintNoCell: '先在右侧列表中选一个目标网格',
  hintDraw: '在地图上点击画出范围，双击结束；范围内的楼幢归入 {cell}',
  hintSplit: '画一条穿过网格 {cell} 的线，双击结束',
  hintSplitNoCell: '先在列表中选要分割的网格',
  drawInto: '归入',
  drawNew: '新网格',
  replace: '重画（范围外楼幢交给相邻网格）',
  selected: '已选 {n} 幢（{h} 户）',
  moveTo: '移入 {cell}',
  newCell: '新建网格',
  wholeCompound: '整个小区',
  clearSelection: '清除',
  merge: '合并所选网格',
  undo: '撤销',
  redo: '重做',
  rebalance: '最少移动平衡',
  regenerate: '重新生成未锁定部分',
  submit: '提交审批',
  approve: '批准',
  reject: '退回',
  reopen: '重新编辑',
  publish: '发布',
  delete: '删除草稿',
  rejectReason: '退回理由',
  compareWith: '与现行方案比较',
  compareClose: '关闭比较',
  compared: '{n} 幢楼、{h} 户换了网格',
  stale: '方案已被他人修改，已重新载入',
  published: '已发布：{n} 个网格获得编码；{r} 项责任已转到新网格',
  readOnly: '此方案为{status}，只读',
  signIn: '请先登录（规划员可编辑）',
  noPlan: '该社区还没有方案',
  legendInRange: '户数在范围内',
  legendOut: '超出范围',
  legendSelected: '已选楼幢',
  legendMoved: '换了网格的楼幢',
  unassigned: '未分配',
  reassign: '需重新指派',
  edited: '已{op}：{n} 幢楼',
  op_move: '移动',
  op_new_cell: '新建网格',
  op_merge: '合并',
  op_split_line: '分割',
  op_draw: '画范围',
  op_lock: '锁定',
  op_rebalance: '平衡',
  op_regenerate: '重新生成',
  op_undo: '撤销',
  op_redo: '重做',
  cellLabel: '{label} · {h}户',
  p_unassigned: '楼幢 {building}（{h} 户）不在任何网格',
  p_double_assigned: '楼幢 {building} 同时在多个网格（{cells}）',
  p_foreign_building: '楼幢 {building} 属于其他社区',
  p_missing_atom: '楼幢 {building} 缺少分区单元，网格无法覆盖它',
  p_empty_cell: '网格 {cells} 没有楼幢',
  p_out_of_range: '网格 {cells} 有 {h} 户（范围 {min}–{max}）',
  p_out_of_range_ok: '网格 {cells} 有 {h} 户（范围 {min}–{max}），无法避免',
  p_non_contiguous: '网格 {cells} 分成了不相连的几块',
  p_gap: '有 {area} m² 的空隙不属于任何网格',
  p_overlap: '网格 {cells} 重叠 {area} m²',
  p_outside: '网格有 {area} m² 超出社区边界',
  r_compound_split: '小区 {compound} 有 {h} 户（超过 {max}），分在 {k} 个网格',
  r_compound_scattered: '小区 {compound} 分成 {k} 块不相连的部分，每块保持完整',
  r_out_of_range: '第 {cell} 个网格有 {h} 户（范围 {min}–{max}）',
  r_still_out: '仍超出范围：网格 {cells}',
  e_no_change: '这一步没有改变任何内容',
  e_nothing_selected: '范围内没有本社区的楼幢',
  e_not_adjacent: '所选网格互不相邻，合并后会分成几块',
  e_no_split: '这条线没有把网格的楼幢分到两侧',
  e_invalid_geometry: '图形无效',
  e_outside_community: '图形完全在社区之外',
  e_integrity_failed: '方案未通过完整性检查，不能继续',
  e_range_infeasible: '这个户数范围无法满足',
  e_not_editable: '只有草稿可以编辑',
  e_nothing_to_undo: '没有可撤销的步骤',
  e_nothing_to_redo: '没有可重做的步骤',
} as const;

export type GridKey = keyof typeof zh;

const en: Record<GridKey, string> = {
  title: 'Grid editor',
  pickCommunity: 'Choose a community',
  pickHint: 'Open a community\'s grid plans: paint buildings, draw outlines, generate, check and publish.',
  communityCard: '{households} households · {buildings} buildings',
  plans: 'Plans',
  newEmpty: 'Empty draft',
  newFromPublished: 'Copy the published plan',
  generate: 'Generate',
  range: 'Households per cell',
  status_draft: 'Draft',
  status_submitted: 'Submitted',
  status_approved: 'Approved',
  status_published: 'Published',
  status_archived: 'Archived',
  status_rejected: 'Rejected',
  cells: 'Cells',
  households: 'Households',
  residents: 'Residents',
  buildings: 'Buildings',
  area: 'Area',
  compactness: 'Compact.',
  locked: 'Lock',
  lock: 'Lock',
  unlock: 'Unlock',
  metrics: '{cells} cells · {min}–{max} households (mean {mean}) · max deviation {dev}% · compactness {pp}',
  target: 'target {target} households',
  integrity: 'Integrity checks',
  integrityOk: 'All passed: no gap, no overlap, every building in exactly one cell',
  slivers: 'plus {count} rounding slivers ({area} m² in all, under the {tol} m² tolerance)',
  zoom: 'Zoom',
  tool_select: 'Select',
  tool_paint: 'Paint',
  tool_draw: 'Draw outline',
  tool_split: 'Split by line',
  hintSelect: 'Click buildings to select; Shift-drag a box to select many',
  hintPaint: 'Click a building (or Shift-drag a box) to paint it into cell {cell}',
  hintPaintNoCell: 'First choose a target cell in the list',
  hintDraw: 'Click to draw an outline, double-click to finish; buildings inside join {cell}',
  hintSplit: 'Draw a line across cell {cell}, double-click to finish',
  hintSplitNoCell: 'First choose the cell to split in the list',
  drawInto: 'into',
  drawNew: 'a new cell',
  replace: 'Redraw (buildings outside go to neighbours)',
  selected: '{n} buildings selected ({h} households)',
  moveTo: 'Move into {cell}',
  newCell: 'New cell',
  wholeCompound: 'Whole compound',
  clearSelection: 'Clear',
  merge: 'Merge chosen cells',
  undo: 'Undo',
  redo: 'Redo',
  rebalance: 'Rebalance (fewest moves)',
  regenerate: 'Regenerate unlocked part',
  submit: 'Submit',
  approve: 'Approve',
  reject: 'Reject',
  reopen: 'Reopen',
  publish: 'Publish',
  delete: 'Delete draft',
  rejectReason: 'Reason for rejecting',
  compareWith: 'Compare with published',
  compareClose: 'Close comparison',
  compared: '{n} buildings, {h} households change cell',
  stale: 'Someone else changed the plan; reloaded',
  published: 'Published: {n} cells got codes; {r} responsibilities moved to new cells',
  readOnly: 'This plan is {status}: read only',
  signIn: 'Sign in first (planners can edit)',
  noPlan: 'This community has no plan yet',
  legendInRange: 'Households in range',
  legendOut: 'Out of range',
  legendSelected: 'Selected buildings',
  legendMoved: 'Buildings that change cell',
  unassigned: 'Unassigned',
  reassign: 'to re-assign',
  edited: '{op}: {n} buildings',
  op_move: 'Moved',
  op_new_cell: 'New cell',
  op_merge: 'Merged',
  op_split_line: 'Split',
  op_draw: 'Drawn',
  op_lock: 'Lock changed',
  op_rebalance: 'Rebalanced',
  op_regenerate: 'Regenerated',
  op_undo: 'Undone',
  op_redo: 'Redone',
  cellLabel: '{label} · {h} hh',
  p_unassigned: 'Building {building} ({h} households) is in no cell',
  p_double_assigned: 'Building {building} is in more than one cell ({cells})',
  p_foreign_building: 'Building {building} belongs to another community',
  p_missing_atom: 'Building {building} has no atom; no cell can cover it',
  p_empty_cell: 'Cell {cells} has no building',
  p_out_of_range: 'Cell {cells} has {h} households (range {min}–{max})',
  p_out_of_range_ok: 'Cell {cells} has {h} households (range {min}–{max}); unavoidable',
  p_non_contiguous: 'Cell {cells} is in separate pieces',
  p_gap: 'A gap of {area} m² belongs to no cell',
  p_overlap: 'Cells {cells} overlap by {area} m²',
  p_outside: '{area} m² of the cells lie outside the community',
  r_compound_split: 'Compound {compound} has {h} households (over {max}); spread over {k} cells',
  r_compound_scattered: 'Compound {compound} lies in {k} separate pieces; each is kept whole',
  r_out_of_range: 'Cell {cell} has {h} households (range {min}–{max})',
  r_still_out: 'Still out of range: cell {cells}',
  e_no_change: 'That step changes nothing',
  e_nothing_selected: 'No building of this community is inside',
  e_not_adjacent: 'The chosen cells do not touch; merged they would be in pieces',
  e_no_split: 'The line leaves all of the cell\'s buildings on one side',
  e_invalid_geometry: 'Invalid shape',
  e_outside_community: 'The shape lies entirely outside the community',
  e_integrity_failed: 'The plan fails an integrity check and cannot go on',
  e_range_infeasible: 'No plan can meet this household range',
  e_not_editable: 'Only a draft can be edited',
  e_nothing_to_undo: 'Nothing to undo',
  e_nothing_to_redo: 'Nothing to redo',
};

/** A grid-editor string in the active locale, `{name}` placeholders filled (numbers localised). */
export function gt(key: GridKey, params?: Record<string, string | number>): string {
  const template: string = i18n.locale === 'en' ? en[key] : zh[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : typeof value === 'number' ? formatNumber(value, 2) : value;
  });
}

/** A key built at run time (status_…, op_…), falling back to the raw value. */
export function gtDynamic(key: string, fallback: string): string {
  return key in zh ? gt(key as GridKey) : fallback;
}

/** A problem of the integrity list in the active locale (the server's English text as fallback). */
export function problemText(p: { kind: string; severity: string; message: string; cells?: string[]; buildings?: string[]; households?: number; areaM2?: number }, min: number, max: number): string {
  const key = p.kind === 'out_of_range' && p.severity === 'warning' ? 'p_out_of_range_ok' : `p_${p.kind}`;
  if (!(key in zh)) return p.message;
  return gt(key as GridKey, { building: p.buildings?.[0] ?? '', cells: (p.cells ?? []).join('、'), h: p.households ?? 0, area: Math.round((p.areaM2 ?? 0) * 10) / 10, min, max });
}

/** An error answer in the active locale: a known code's sentence, with the server's detail after it. */
export function errorText(code: string, message: string): string {
  const key = `e_${code}`;
  if (!(key in zh)) return message;
  const detail = code === 'invalid_geometry' || code === 'range_infeasible' || code === 'integrity_failed' ? `：${message}` : '';
  return gt(key as GridKey) + (i18n.locale === 'en' ? detail.replace('：', ': ') : detail);
}

/** A note of the automatic partition (English from the server) in the active locale. */
export function reasonText(reason: string): string {
  let m = /^compound-split: compound (\S+) has (\d+) households \(> (\d+)\); split over (\d+) cells/.exec(reason);
  if (m) return gt('r_compound_split', { compound: m[1], h: Number(m[2]), max: Number(m[3]), k: Number(m[4]) });
  m = /^compound-scattered: compound (\S+) is in (\d+) separate pieces/.exec(reason);
  if (m) return gt('r_compound_scattered', { compound: m[1], k: Number(m[2]) });
  m = /^cell-out-of-range: cell (\S+) has (\d+) households \(range (\d+)-(\d+)\)/.exec(reason);
  if (m) return gt('r_out_of_range', { cell: m[1], h: Number(m[2]), min: Number(m[3]), max: Number(m[4]) });
  m = /^still out of range: cell (.+)$/.exec(reason);
  if (m) return gt('r_still_out', { cells: m[1] });
  // The count of moves is already in the edit notice.
  if (/^rebalance moved/.test(reason)) return '';
  return reason;
}
