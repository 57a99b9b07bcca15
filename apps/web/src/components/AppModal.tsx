import { Modal, type ModalRootProps } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReturnFocus } from './use-return-focus';

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: ModalRootProps['size'];
  closeOnClickOutside?: boolean;
  /** `false` for a dialog that must be left by its own button (a secret shown once): no Escape, no ×. */
  dismissible?: boolean;
  /**
   * The dialog's buttons, kept in view below the body: a long body (a decision's preview, an error that
   * appeared) scrolls between the title and them instead of pushing them out of the dialog. A submit
   * button here sits outside the body's `<form>`: name the form (`form={id}`) so it still submits it.
   */
  footer?: ReactNode;
  children: ReactNode;
}

// With a footer, the content stops scrolling as a whole: the body scrolls between the header and the footer.
// (Given as `styles` by part: Modal.Content's `style` would also reach its full-screen flex wrapper.)
const withFooter = {
  content: { display: 'flex', flexDirection: 'column', overflow: 'hidden' },
  body: { flex: '1 1 auto', minHeight: 0, overflowY: 'auto' },
} satisfies Record<string, CSSProperties>;
const footerStyle: CSSProperties = {
  flex: 'none',
  padding: 'var(--mantine-spacing-sm) var(--mb-padding, var(--mantine-spacing-md))',
  borderTop: '1px solid var(--mantine-color-default-border)',
  backgroundColor: 'var(--mantine-color-body)',
};

/**
 * Mantine's modal with one accessibility fix: its header is a `<header>` inside `role="dialog"`, which
 * assistive technology (and axe) count as a second page banner. Here the header is presentational.
 * Focus goes back to the control that opened it on close, however the dialog is closed (useReturnFocus).
 */
export function AppModal({ opened, onClose, title, size, closeOnClickOutside, dismissible = true, footer, children }: Props) {
  const { t } = useTranslation();
  useReturnFocus(opened);
  const hasFooter = footer !== undefined && footer !== null;
  return (
    <Modal.Root
      opened={opened}
      onClose={onClose}
      size={size}
      closeOnClickOutside={dismissible ? closeOnClickOutside : false}
      closeOnEscape={dismissible}
      styles={hasFooter ? withFooter : undefined}
    >
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700} fz="lg">
            {title}
          </Modal.Title>
          {dismissible && <Modal.CloseButton aria-label={t('common.close')} />}
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
        {hasFooter && (
          <div style={footerStyle} data-testid="app-modal-footer">
            {footer}
          </div>
        )}
      </Modal.Content>
    </Modal.Root>
  );
}
