/**
 * GraphQL Code Generator: the resolver types of each subgraph, from its SDL (schema/<name>.graphql).
 * scripts/codegen.ts runs it: `npm run codegen` writes subgraphs/<name>/generated/resolvers-types.ts
 * (checked in, formatted by Prettier); `npm run codegen:check` (part of `npm test`) fails when a
 * checked-in file differs from what the SDL gives.
 *
 * Mappers: the parent type of a GraphQL type's field resolvers is the row its resolvers
 * return (PatientRow, not the GraphQL Patient), so field resolvers and the resolvers that
 * return rows are checked against the same type.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { schemaFiles } from './lib/schema-files';

const common = {
  federation: true,
  useIndexSignature: false,
  enumsAsTypes: true,
  useTypeImports: true,
  avoidOptionals: false,
  contextType: '../../../lib/subgraph#SubgraphContext',
  scalars: { ID: { input: 'string', output: 'string' } },
};

/** Statistics tables (issue 16) are built by lib/policy/disclosure.ts in every subgraph that serves one. */
const statistics = {
  StatisticsTable: '../../../lib/policy/disclosure#ProtectedTable',
  StatisticsCell: '../../../lib/policy/disclosure#PublishedCell',
};

function subgraph(name: string, mappers: Record<string, string>): CodegenConfig['generates'] {
  return {
    [`subgraphs/${name}/generated/resolvers-types.ts`]: {
      schema: [...schemaFiles(name), 'scripts/codegen/federation.graphql'],
      plugins: [
        {
          add: {
            content: `// Generated from schema/${name}.graphql by GraphQL Code Generator (codegen.ts). Do not edit: run npm run codegen.`,
          },
        },
        'typescript',
        'typescript-resolvers',
      ],
      config: { ...common, mappers },
    },
  };
}

const config: CodegenConfig = {
  overwrite: true,
  generates: {
    ...subgraph('journal', {
      Patient: '../store#PatientRow',
      JournalEntry: '../store#JournalEntryRow',
      JournalTimelineEntry: '../store#JournalTimelineRow',
      CareContact: '../queries#ContactOut',
      PatientLink: '../queries#PatientLinkRow',
      SourceConflict: '../mutations#SourceConflictRow',
      ServiceDecision: '../decisions#ServiceDecisionRow',
      AssessmentLink: '../decisions#AssessmentLinkRow',
      Matter: '../../../lib/policy/store#MatterRow',
      BreakGlassGrant: '../../../lib/policy/store#BreakGlassRow',
      ResearchGrant: '../../../lib/policy/research#GrantRow',
      ResearchCohort: '../../../lib/policy/policy#ResearchReach',
      ResearchSubject: '../../../lib/policy/research-resolvers#SubjectParent',
      Disclosure: '../../../lib/policy/grant-store#DisclosureRow',
      Extract: '../../../lib/policy/research-resolvers#ExtractResult',
      RecordCase: '../record-cases#RecordCaseRow',
      RecordCaseEvent: '../record-cases#CaseEventRow',
      EntryMove: '../record-cases#EntryMoveRow',
      LegalHold: '../../../lib/policy/legal-hold#LegalHoldRow',
      ...statistics,
    }),
    ...subgraph('archive', {
      Patient: '../resolvers#PatientRef',
      Saksmappe: '../store#SaksmappeRow',
      Journalpost: '../store#JournalpostRow',
      QuarantineEntry: '../store#QuarantineRow',
      PartyConflict: '../party-conflicts#PartyConflictRow',
      AccessRequest: '../access-request#AccessRequestRow',
      AccessConsent: '../access-request#AccessConsentOut',
      Postjournal: '../resolvers#PostjournalParent',
      ArchiveDocument: '../resolvers#ArchiveDocumentParent',
      ...statistics,
      ResearchSubject: '../../../lib/policy/research-resolvers#SubjectParent',
    }),
    ...subgraph('coercion', {
      Patient: '../resolvers#PatientRef',
      CoercionDecision: '../store#DecisionWithSources',
      CoercionReport: '../resolvers#ReportParent',
      CoercionExecution: '../evaluate#EvaluatedExecution',
      ...statistics,
      ResearchSubject: '../../../lib/policy/research-resolvers#SubjectParent',
    }),
    ...subgraph('search', { Patient: '../resolvers#PatientRef' }),
    ...subgraph('dossier', {
      Dossier: '../types#Dossier as DossierModel',
      DossierItem: '../types#DossierItem as DossierItemModel',
      AccessBundle: '../access-bundle#AccessBundle as AccessBundleModel',
    }),
  },
};

export default config;
