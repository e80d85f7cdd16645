// Texts of the server's facility codes. Amounts (`…Yuan`) arrive formatted as 万元 by the facility screens.
import type { facilityMessages } from '$contract/messages/facility';
import type { Text } from '../../types';

export const facility: Record<keyof typeof facilityMessages, Text> = {
  'project.not_found': '找不到项目 {id}',
  'project.invalid_transition': '项目状态不能从“{from}”改为“{to}”（可改为：{allowed}）',
  'project.cancelled_final': '已取消的项目不能再修改',
  'project.field.finish_before_start': '完成日期 {finish} 早于开始日期 {start}',
  'project.field.actual_in_future': '实际日期 {date} 晚于今天（{today}）',
  'project.field.not_started': '项目尚未开工，请先开工再填实际开始日期',
  'project.field.not_delivered': '只有已交付的项目才有实际完成日期',
  'project.field.progress_delivered': '已交付的项目进度为 100%',
  'project.field.unknown_person': '找不到人员 {id}',

  'facility.option.not_found': '找不到候选方案 {code}',
  'facility.option.code_taken': '编号 {code} 已被其他候选方案使用',
  'facility.option.withdraw_with_project': '候选方案 {code} 有进行中的项目（{projectStatus}），请先取消项目再撤回',
  'facility.option.delete_with_project': '候选方案 {code} 已有项目，不能删除；请改为“已撤回”',
  'facility.field.released_not_swap': '只有“用房置换”会腾出现有用房，其他方式请填 0',
  'facility.field.released_not_less': '腾出面积必须小于面积（{areaM2} m²）：置换必须净增面积',
  'facility.field.unknown_community': '没有编码为 {communityCode} 的社区',
  'facility.field.site_too_far': '该位置距社区 {communityCode} {distanceKm} 公里（最多 {maxKm} 公里；经纬度是否填反？）',

  'facility.scenario.not_found': '找不到方案 #{id}',
  'facility.scenario.not_solved': '方案 #{id} 已是“{state}”状态，不能再批准',
  'facility.scenario.nothing_to_approve': '方案 #{id} 没有选用任何候选方案，无可批准',
  'facility.scenario.options_changed': '测算后候选方案已变化（{options} 已撤回、删除或交付），请重新测算',
  'facility.field.budget_too_short': '填写了 {entries} 年的预算，但期限为 {years} 年，每年需一项预算',
  'facility.field.default_budget_too_short': '默认预算（设置 facility.budgetPerYear）只有 {entries} 年，但期限为 {years} 年',
  'facility.field.unknown_option': '没有编号为 {option} 的候选方案',
  'facility.field.option_delivered': '候选方案 {option} 已交付',
  'facility.field.option_withdrawn': '候选方案 {option} 已撤回',
  'facility.field.force_and_forbid': '候选方案 {option} 同时被设为必选和排除',
  'facility.field.option_too_late': '候选方案 {option} 需 {months} 个月后才可用，晚于 {years} 年期限',
  'facility.field.option_in_progress': '候选方案 {option} 正在实施，请先取消其项目再排除',
  'facility.field.compare_distinct': '请选择 2 至 6 个不同的方案进行对比',

  'facility.reason.area_unreachable': '可达到的最大面积 {bestAreaM2} m² < 应有面积 {requiredAreaM2} m²',
  'facility.reason.not_analysed':
    '可达到的最大面积 {bestAreaM2} m² ≥ 应有面积 {requiredAreaM2} m²，但与预算及其他社区的选择冲突（已达时限，未进一步分析）',
  'facility.reason.budget_short': '预算缺口 {shortfallYuan}（{shortYears} 年）',
  'facility.reason.budget_short_together': '与其他社区一并达标时预算缺口 {shortfallYuan}（{shortYears} 年）',
  'facility.reason.options_taken': '所需方案 {options} 已被其他社区（{takenBy}）使用',
  'facility.reason.forced_conflict': '在必选方案及其他社区的约束下无法达标',
  'facility.detail.current_area': '现有 {currentAreaM2} m²',
  'facility.detail.usable_options': '可用方案 {count} 个',
  'facility.detail.late_options': '{count} 个方案在 {years} 年期限后才可用',
  'facility.detail.uncertain_excluded': '不计不确定方案',
  'facility.detail.site_cap': '每社区最多 {maxSites} 处',
  'facility.detail.cheapest': '最低达标费用 {cheapestYuan}',
  'facility.detail.cheapest_alone': '单独达标最低费用 {cheapestYuan}',
  'facility.detail.no_plan_in_time': '时限内未找到方案',
  'facility.detail.over_total_budget': '超过 {firstYear}–{lastYear} 年预算合计 {budgetYuan}',
  'facility.detail.yearly_budgets': '各年预算（{budgetYears} 年：{budgetsYuan}）无法支付',

  'facility.community.chosen_meets':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；选用 {count} 处方案增加 {gainM2} m²，{compliantYear} 年达标',
  'facility.community.chosen_short':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；选用 {count} 处方案增加 {gainM2} m²，仍缺 {remainingM2} m²',
  'facility.community.none_deadline':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：其 {count} 处方案都要在 {years} 年期限之后才能用上',
  'facility.community.none_option': '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：没有候选方案',
  'facility.community.none_cap':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：每社区最多 {maxSites} 处，最多只能达到 {bestAreaM2} m²',
  'facility.community.none_too_small':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：{count} 处方案合计最多只能达到 {bestAreaM2} m²',
  'facility.community.none_budget_cost':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：预算不够（单独达标最少需 {cheapestYuan}）',
  'facility.community.none_budget': '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：预算不够',
  'facility.community.none_taken':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：所需方案（{options}）已给其他社区',
  'facility.community.none_forced': '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案：必选方案占用了预算',
  'facility.community.none_unanalysed':
    '现有 {currentAreaM2} m²，标准 {requiredAreaM2} m²，缺 {shortM2} m²；未选方案（已到时间上限，未进一步分析）',
  'facility.stored_text': '{text}（早期方案的英文说明；重新测算可得中文说明）',

  'facility.note.force_unknown': '必选方案 {option} 不存在，已忽略',
  'facility.note.force_and_forbid': '方案 {option} 同时被设为必选和排除，未使用',
  'facility.note.force_too_late': '必选方案 {option} 需 {months} 个月后才可用，晚于 {deadlineYear} 年底，已忽略',
  'facility.note.force_serves_none': '必选方案 {option} 不服务任何所列社区，已忽略',
  'facility.note.forced_over_budget': '各年预算无法支付全部必选方案',

  'locate.cost_rows': '距离矩阵有 {rows} 行，应为 {expected} 行（每个需求点一行）',
  'locate.cost_columns': '距离矩阵第 {row} 行有 {entries} 项，应为 {expected} 项（每个候选点一项）',
  'locate.p_too_large': '设施数（{p}）超过候选点数（{sites}）',
  'locate.p_below_fixed': '设施数（{p}）少于固定设施数（{fixed}）',
  'locate.radius_required': '最大覆盖模型需要覆盖半径',
  'locate.duplicate_id': '{list} 中的编号“{id}”重复',
  'locate.matrix_too_large': '距离矩阵有 {entries} 项，此处最多求解 {max} 项（更大的问题请用命令行）',
  'siting.unknown_community': '没有编码为 {communityCode} 的社区',
  'siting.no_sites': '此范围内没有候选点',
  'siting.no_households': '此范围内没有住户',
  'siting.p_too_large': '设施数（{p}）超过范围内的 {sites} 个点（{options} 个候选方案，{facilities} 处现有用房）',
  'siting.p_below_fixed': '设施数（{p}）少于保持开放的 {fixed} 处现有用房：请把设施数设为至少 {fixed}，或取消“现有用房保持开放”',
  'siting.too_large': '{points} 个需求点 × {sites} 个候选点规模过大；请按小区汇总或只选一个社区',
};
