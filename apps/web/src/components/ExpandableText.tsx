import { Button, Text } from '@mantine/core';
import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** What the text describes, for the button's accessible name ("Show more: description of …"). */
  subject: string;
  lines?: number;
  children: ReactNode;
}

/**
 * Small dimmed text cut to a few lines in a table cell, with a "Show more" button when (and only when) it
 * is actually cut, so the rest can be read. Screen readers read the whole text either way; the button says
 * whether it is open (aria-expanded) and which text it opens (aria-controls).
 */
export function ExpandableText({ subject, lines = 2, children }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const box = useRef<HTMLParagraphElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [cut, setCut] = useState(false);

  // Whether the clamp hides anything depends on the column's width: measured again on every resize.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element || expanded || typeof ResizeObserver === 'undefined') return undefined;
    const measure = () => setCut(element.scrollHeight > element.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [expanded, children]);

  return (
    <>
      <Text ref={box} id={id} size="xs" c="dimmed" lineClamp={expanded ? undefined : lines} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
      {(cut || expanded) && (
        <Button
          variant="subtle"
          size="compact-xs"
          px={4}
          ml={-4}
          aria-expanded={expanded}
          aria-controls={id}
          aria-label={t(expanded ? 'expandableText.lessNamed' : 'expandableText.moreNamed', { subject })}
          onClick={() => setExpanded((open) => !open)}
        >
          {t(expanded ? 'expandableText.less' : 'expandableText.more')}
        </Button>
      )}
    </>
  );
}
