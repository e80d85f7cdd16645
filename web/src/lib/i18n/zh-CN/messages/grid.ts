// Texts of the server's grid codes.
import type { gridMessages } from '$contract/messages/grid';
import type { Text } from '../../types';

export const grid: Record<keyof typeof gridMessages, Text> = {
  'grid.plan.not_found': '找不到网格方案 {id}',
  'grid.community.not_found': '找不到社区 {code}',

  'grid.plan.not_editable': '方案 {id} 为{status}，只有草稿可以编辑',
  'grid.plan.wrong_status': '方案 {id} 为{status}，不能{action}（需为：{allowed}）',
  'grid.plan.not_deletable': '方案 {id} 为{status}，只能删除草稿或已退回的方案',
  'grid.plan.min_over_max': '最少户数 {min} 大于最多户数 {max}',
  'grid.plan.other_community': '方案 {id} 属于社区 {community}，不属于 {expected}',
  'grid.plan.integrity_failed': '方案有 {count} 项完整性检查未通过，不能{action}',
  'grid.plan.no_published_plan': '社区 {community} 还没有现行方案可复制',
  'grid.plan.no_buildings': '社区 {community} 没有可划入网格的楼幢',
  'grid.plan.range_infeasible': '任何方案都无法让每个网格保持在 {min}–{max} 户',
  'grid.compare.different_communities': '方案 {a} 与 {b} 属于不同社区（{communityA}、{communityB}）',

  'grid.range.min_over_max': '最少户数 {min} 大于最多户数 {max}',
  'grid.range.building_over_max': '楼幢 {building} 单独就有 {households} 户，超过上限 {max}',
  'grid.range.more_over_max': '另有 {count} 幢楼超过上限',
  'grid.range.community_under_min': '全社区只有 {households} 户，少于下限 {min}',
  'grid.range.group_under_min': '第 {group} 片相连楼幢（楼幢 {building} 及另外 {others} 幢）只有 {households} 户，少于下限 {min}',
  'grid.range.community_no_count': '全社区 {households} 户：{fewer} 个网格最多容纳 {fewerHold} 户，{more} 个网格至少需要 {moreNeed} 户',
  'grid.range.group_no_count':
    '第 {group} 片相连楼幢（楼幢 {building} 及另外 {others} 幢）有 {households} 户：{fewer} 个网格最多容纳 {fewerHold} 户，{more} 个网格至少需要 {moreNeed} 户',

  'grid.partition.unit_over_max': '楼幢 {buildings}（共 {count} 幢）有 {households} 户，超过上限 {max}，单独成格',
  'grid.partition.community_under_min': '全社区只有 {households} 户（少于 {min}），划为一个网格',
  'grid.partition.group_under_min': '楼幢 {buildings}（共 {count} 幢）与其他楼幢不相连，只有 {households} 户（少于 {min}），单独成格',
  'grid.partition.disconnected': '楼幢分成 {count} 片互不相连的区域，每片分别划分',
  'grid.partition.compound_split': '小区 {compound} 有 {households} 户（超过 {max}），分在 {cells} 个网格',
  'grid.partition.compound_scattered': '小区 {compound} 分成 {pieces} 块不相连的部分，每块保持完整',
  'grid.partition.cell_out_of_range': '{cell} 有 {households} 户（范围 {min}–{max}）',
  'grid.partition.cell_not_contiguous': '{cell} 分成了 {pieces} 块不相连的部分',
  'grid.partition.range_widened': '本社区的网格规模放宽到 {min}–{max} 户：{min}–{requestedMax} 户无法划分',
  'grid.partition.community_no_count':
    '全社区共 {households} 户：{fewer} 个网格最多容纳 {fewerHold} 户，{more} 个网格至少需要 {moreNeed} 户',
  'grid.partition.group_no_count':
    '楼幢 {buildings}（共 {count} 幢）相连成片，共 {households} 户：{fewer} 个网格最多容纳 {fewerHold} 户，{more} 个网格至少需要 {moreNeed} 户',
  'grid.partition.compounds_do_not_pack':
    '小区或楼幢 {items}（分别 {sizes} 户）各自保持完整时，即使其余 {rest} 户任意分配，也无法组成 {cells} 个 {min}–{max} 户的网格',
  'grid.partition.hemmed_in':
    '{item}（{households} 户）无法归入 {min}–{max} 户的网格：与它相连的任何一组楼幢都少于 {min} 户或多于 {max} 户',

  'grid.problem.unassigned': '{address}（{households} 户）不在任何网格',
  'grid.problem.double_assigned': '楼幢 {building} 同时在多个网格（{cells}）',
  'grid.problem.foreign_building': '楼幢 {building} 属于其他社区',
  'grid.problem.missing_atom': '楼幢 {building} 缺少分区单元，{cells} 无法覆盖它；请重建本社区的分区单元',
  'grid.problem.empty_cell': '{cell} 没有楼幢',
  'grid.problem.out_of_range': '{cell} 有 {households} 户（范围 {min}–{max}）',
  'grid.problem.out_of_range_building_over_max': '{cell} 有 {households} 户（范围 {min}–{max}），无法避免：楼幢 {building} 单独就超过上限',
  'grid.problem.out_of_range_whole_community': '{cell} 有 {households} 户（范围 {min}–{max}），无法避免：全社区只能划为一个网格',
  'grid.problem.out_of_range_cut_off': '{cell} 有 {households} 户（范围 {min}–{max}），无法避免：这些楼幢与其他楼幢都不相连',
  'grid.problem.non_contiguous': '{cell} 分成了 {pieces} 块不相连的部分（{areasM2} m²）',
  'grid.problem.gap': '有 {areaM2} m² 的空隙不属于任何网格',
  'grid.problem.outside': '网格有 {areaM2} m² 超出社区边界',
  'grid.problem.overlap': '{cells} 重叠 {areaM2} m²',
  'grid.problem.low_compactness': '{cell} 形状狭长或不规整：紧凑度 {compactness} 低于 {min}',

  'grid.edit.nothing_selected': '没有选中楼幢',
  'grid.edit.outline_empty': '范围内没有本社区的楼幢',
  'grid.edit.outline_cuts_buildings': '范围线穿过了 {count} 幢楼（{buildings}），请沿楼幢之间绘制',
  'grid.edit.unknown_cell': '方案中没有{cell}',
  'grid.edit.not_in_cell': '楼幢 {building} 不在{cell}',
  'grid.edit.too_few_cells': '合并至少需要两个不同的网格',
  'grid.edit.not_adjacent': '{cells} 与 {into} 不相邻，合并后会分成几块',
  'grid.edit.no_split': '这条线没有把{cell} 的楼幢分到两侧',
  'grid.edit.no_change': '这一步没有改变任何内容',
  'grid.edit.not_in_community': '不属于社区 {community}：楼幢 {buildings}，小区 {compounds}（共 {count} 项）',
  'grid.edit.rebalanced': '平衡移动了 {count} 幢楼',
  'grid.edit.still_out_of_range': '仍超出范围：{cells}',
  'grid.plan.target_cells': '目标 {target} 个网格：生成 {cells} 个，每格 {min}–{max} 户',
  'grid.edit.rebalance_no_cells': '方案里还没有网格可平衡：请先自动生成，或把楼幢刷入网格',
  'grid.edit.rebalance_in_range': '每个网格都已在 {min}–{max} 户之间，平衡无需移动任何楼幢',
  'grid.edit.rebalance_stuck':
    '找不到能让{cells} 回到 {min}–{max} 户的移动：任何移动都会让相邻网格超出范围或把网格分成几块（{locked} 个锁定的网格不动）。可放宽户数范围、解锁网格或重新生成',
  'grid.history.nothing_to_undo': '没有可撤销的步骤',
  'grid.history.nothing_to_redo': '没有可重做的步骤',
  'grid.history.out_of_sync': '第 {seq} 步已无法撤销或重做：方案已与它不符',
  'grid.history.renumbered': '{cell} 已被其他方案使用，重做的网格改为 {to}',
  'grid.history.restored_renumbered': '{cell} 已被其他方案使用或已停用，撤销后恢复的网格改为 {to}',

  'grid.shape.too_few_rings': '{field} 没有外环，多边形至少需要一个外环',
  'grid.shape.ring_too_short': '{field} 只有 {positions} 个点，闭合的环至少需要 4 个',
  'grid.shape.ring_not_closed': '{field} 没有闭合：起点 {start}，终点 {end}',
  'grid.shape.line_too_short': '{field} 只有 {positions} 个点，线至少需要 2 个',
  'grid.shape.not_a_position': '{field} 应为 [经度, 纬度]',
  'grid.shape.not_finite': '{field} 含有非有限数值',
  'grid.shape.out_of_range': '{field} = {position} 不是有效的经纬度',
  'grid.shape.too_many_vertices': '{field} 有 {vertices} 个顶点（最多 {max}）',
  'grid.shape.invalid': '{field} 不是有效图形：{reason}（位置 {location}）',
  'grid.shape.outside_community': '{field} 完全在社区 {community} 之外',

  'grid.publish.no_successor': '原网格没有后继网格，请手动重新指派',
  'grid.publish.already_assigned': '已是 {cell} 的{role}（两个原网格合并）',
};
