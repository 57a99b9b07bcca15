/**
 * The network's world map (loaded on demand: the atlas is ~100 kB): victim countries shaded by their
 * number of victims (those too small for the atlas, as a shaded disc), reporting countries marked with a
 * dot, a legend, and the same facts as a table for screen readers and keyboard users.
 */
import { Group, Stack, Table, Text } from '@mantine/core';
import { geoArea, geoCentroid, geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import world from 'world-atlas/countries-110m.json';
import type { NetworkDetail } from '../../api/networks-queries';
import { TableScroll } from '../../components/TableScroll';
import { countryWithCode } from '../../i18n/countries';
import { PATH_COLOUR } from './colours';
import { flagUrl } from './flags';
import { MARKER_CENTRES } from './map-markers';
import { alpha2FromNumeric, VICTIM_SHADES, victimShade } from './map-scale';

const WIDTH = 960;
const HEIGHT = 470;

const topology = world as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const land = feature(topology, topology.objects.countries);
const projection = geoEqualEarth().fitExtent(
  [
    [4, 4],
    [WIDTH - 4, HEIGHT - 4],
  ],
  land,
);
const path = geoPath(projection);
/** Where a country's dot goes: the centre of its largest part (France without French Guiana, the USA without Alaska). */
function mainCentroid(f: Feature<Geometry>): [number, number] {
  if (f.geometry.type !== 'MultiPolygon') return geoCentroid(f);
  const parts = f.geometry.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }));
  const largest = parts.reduce((a, b) => (geoArea(b) > geoArea(a) ? b : a));
  return geoCentroid(largest);
}

const shapes = land.features.map((f) => {
  const code = alpha2FromNumeric(f.id);
  const centre = projection(mainCentroid(f));
  return { code, d: path(f) ?? '', centre };
});

const markers = Object.entries(MARKER_CENTRES).map(([code, lonLat]) => ({ code, centre: projection([lonLat[0], lonLat[1]]) }));

export default function WorldMap({ counts }: { counts: NetworkDetail['countryCounts'] }) {
  const { t, i18n } = useTranslation();
  const byCode = useMemo(() => new Map(counts.map((c) => [c.country, c])), [counts]);
  const maxVictims = Math.max(0, ...counts.map((c) => c.victims));
  const rows = useMemo(
    () => [...counts].sort((a, b) => b.victims - a.victims || b.reports - a.reports || a.country.localeCompare(b.country)),
    [counts],
  );
  const victimCountries = counts.filter((c) => c.victims > 0).length;
  const reportingCountries = counts.filter((c) => c.reports > 0).length;
  const label = t('networks.map.label', { victims: victimCountries, reporting: reportingCountries });

  return (
    <Stack gap="sm">
      <div style={{ width: '100%', maxWidth: WIDTH, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: '#f8fbff' }}>
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={label} data-testid="network-map">
          <title>{label}</title>
          {shapes.map((s, i) => {
            const entry = s.code ? byCode.get(s.code) : undefined;
            const shade = entry ? victimShade(entry.victims, maxVictims) : -1;
            return (
              <path
                key={`${s.code ?? 'x'}-${i}`}
                d={s.d}
                fill={shade >= 0 ? VICTIM_SHADES[shade] : '#e9ecef'}
                stroke="#ffffff"
                strokeWidth={0.5}
                data-country={s.code ?? undefined}
                data-victims={entry?.victims ?? 0}
              />
            );
          })}
          {markers.map((m) => {
            const entry = byCode.get(m.code);
            const shade = entry ? victimShade(entry.victims, maxVictims) : -1;
            if (shade < 0 || !m.centre) return null;
            // Wider than a reporting dot, so a ring of the shade shows around one drawn on top.
            return (
              <circle
                key={`marker-${m.code}`}
                cx={m.centre[0]}
                cy={m.centre[1]}
                r={8}
                fill={VICTIM_SHADES[shade]}
                stroke="#495057"
                strokeWidth={1}
                data-country={m.code}
                data-victims={entry?.victims ?? 0}
              />
            );
          })}
          {[...shapes, ...markers].map((s, i) => {
            const entry = s.code ? byCode.get(s.code) : undefined;
            if (!entry || entry.reports === 0 || !s.centre) return null;
            return <circle key={`dot-${s.code ?? i}`} cx={s.centre[0]} cy={s.centre[1]} r={5} fill={PATH_COLOUR} stroke="#ffffff" strokeWidth={1.5} data-reporting={s.code} />;
          })}
        </svg>
      </div>
      <Group gap="lg" wrap="wrap" aria-label={t('networks.map.legend')} role="group">
        <Group gap={4} wrap="nowrap">
          <Text size="xs">{t('networks.map.legendFewer')}</Text>
          {VICTIM_SHADES.map((c) => (
            <span key={c} aria-hidden style={{ display: 'inline-block', width: 18, height: 12, background: c, border: '1px solid #adb5bd' }} />
          ))}
          <Text size="xs">{t('networks.map.legendMore')}</Text>
          <Text size="xs" fw={600} ml={4}>
            {t('networks.map.legendVictims')}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap">
          <svg width={14} height={14} aria-hidden>
            <circle cx={7} cy={7} r={5} fill={PATH_COLOUR} stroke="#fff" strokeWidth={1.5} />
          </svg>
          <Text size="xs" fw={600}>
            {t('networks.map.legendReporting')}
          </Text>
        </Group>
      </Group>
      <TableScroll label={t('networks.map.tableLabel')} minWidth={420}>
        <Table verticalSpacing={4} striped aria-label={t('networks.map.tableLabel')} data-testid="network-map-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('networks.map.country')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('networks.map.victims')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('networks.map.reports')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.country} data-testid="map-country-row">
                <Table.Td>
                  {flagUrl(c.country) && <img src={flagUrl(c.country)!} alt="" width={20} height={15} style={{ verticalAlign: 'middle', marginInlineEnd: 6, borderRadius: 2 }} />}
                  {countryWithCode(c.country, i18n.language)}
                </Table.Td>
                <Table.Td ta="right">{c.victims}</Table.Td>
                <Table.Td ta="right">{c.reports}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Stack>
  );
}
