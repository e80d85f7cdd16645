// 真实文件里的内容：同一楼幢的碎片、重叠的轮廓、作为图层的网格方案、GeoPackage 文件。
import type { ioFilesMessages } from '$contract/messages/io-files';
import type { Text } from '../../types';

export const ioFiles: Record<keyof typeof ioFilesMessages, Text> = {
  'import.note.building_pieces_merged': '要素 {pieces} 是同一楼幢的碎片（来源编号相同，或重叠超过一半），已合并为要素 {kept}，保留其属性',
  'import.note.building_pieces_merged_rows':
    '第 {pieces} 行是同一楼幢的碎片（来源编号相同，或重叠超过一半），已合并为第 {kept} 行，保留其属性',
  'import.building_pieces_apart': '同一楼幢的碎片（要素/行 {pieces}）无法拼成一个轮廓',
  'import.building_overlap_feature':
    '该轮廓与要素 {other} 重叠 {overlapM2} m²；最多允许 {maximumM2} m²（设置项 import.buildingOverlapMaxM2）',
  'import.building_overlap_row': '该轮廓与第 {other} 行重叠 {overlapM2} m²；最多允许 {maximumM2} m²（设置项 import.buildingOverlapMaxM2）',
  'import.building_overlap_stored':
    '该轮廓与已有楼幢 {code} 重叠 {overlapM2} m²；最多允许 {maximumM2} m²（设置项 import.buildingOverlapMaxM2）',
  'import.gpkg_not_sqlite': '不是 GeoPackage：该文件不是 SQLite 数据库',
  'import.gpkg_not_geopackage': '不是 GeoPackage：数据库中没有 gpkg_contents 表',
  'import.gpkg_no_features': '该 GeoPackage 中没有要素表',
  'import.gpkg_many_tables': '该 GeoPackage 中有 {count} 个可供本图层读取的表（{names}）；请用 table= 选择其一',
  'import.gpkg_unreadable': '无法读取该 GeoPackage：{detail}',
  'import.gpkg_geometry_unreadable': '无法读取 GeoPackage 图形：{detail}',
  'import.note.gpkg_table': '已读取 GeoPackage 表 {table} 的要素',
  'export.gpkg_not_spatial': '{layer} 没有几何图形，请导出为 CSV',
  'import.gpkg_table_unknown': '该 GeoPackage 中没有可供本图层读取的表 {table}（现有：{names}）',
  'import.gpkg_no_attributes': '该 GeoPackage 中没有属性表（无几何图形的图层从属性表读取）',
  'grid_import.not_feature_collection': '网格方案文件应为网格单元的 GeoJSON FeatureCollection（即网格方案导出的文件）',
  'grid_import.field_invalid': '{column}“{value}”不符合要求（例如 {example}）',
  'grid_import.community_unknown': '本系统中没有代码为 {community} 的社区',
  'grid_import.code_other_community': '网格代码 {code} 不以其社区代码 {community} 开头',
  'grid_import.label_twice': '社区 {community} 的方案 {planNo} 中有两个名为 {label} 的网格（要素 {first} 和本要素）',
  'grid_import.building_unknown': '网格 {label}：本系统中不存在楼幢 {building}',
  'grid_import.building_other_community': '网格 {label}：楼幢 {building} 属于社区 {buildingCommunity}，不属于 {community}',
  'grid_import.building_twice': '网格 {label}：楼幢 {building} 已在同一方案的网格 {otherLabel} 中',
  'grid_import.plan_status_mixed': '社区 {community} 的方案 {planNo} 在一个要素中为 {status}，在另一个要素中为 {otherStatus}',
  'grid_import.two_published': '文件中社区 {community} 有多个已发布方案（方案 {plans}）',
  'grid_import.publish_failed': '社区 {community} 的已发布方案在本系统中有 {count} 项完整性检查未通过（第一项：{first}）；未写入任何数据',
  'grid_import.note.published_as_draft': '社区 {community} 的已发布方案已作为草稿导入：只有管理员才能按已发布导入',
  'grid_import.note.published': '社区 {community} 的方案已发布（原生效方案已归档，责任随网格转移）',
  'grid_import.drawn_outlines_overlap': '网格 {label} 与 {otherLabel} 的手绘边界重叠 {areaM2} 平方米',
  'grid_import.drawn_outline_covers_building':
    '网格 {label} 的手绘边界覆盖了楼幢 {building} 的 {areaM2} 平方米，而该楼幢属于网格 {otherLabel}，会伸出其所在网格',
};
