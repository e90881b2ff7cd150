package org.mesofhir.ingest;

import java.util.Locale;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/** The state of an import job as a Parameters resource: its progress while it runs, its report once done. */
final class ImportReport {

	private ImportReport() {}

	static Parameters of(ImportJob job) {
		Parameters report = new Parameters();
		report.addParameter("jobId", new StringType(job.id));
		report.addParameter("status", new CodeType(job.status().name().toLowerCase(Locale.ROOT)));
		report.addParameter("progress", new StringType(job.progress()));
		report.addParameter("linesTotal", new IntegerType(Math.toIntExact(job.totalLines())));
		report.addParameter("linesDone", new IntegerType(Math.toIntExact(job.linesDone())));
		report.addParameter("linesStored", new IntegerType(Math.toIntExact(job.linesStored())));
		report.addParameter("resourcesStored", new IntegerType(Math.toIntExact(job.resourcesStored())));
		report.addParameter("errorCount", new IntegerType(job.errorCount()));
		report.addParameter("elapsedSeconds", new DecimalType(job.elapsedSeconds()));
		if (job.failure() != null) {
			report.addParameter("failure", new StringType(job.failure()));
		}
		for (ImportInput input : job.inputs()) {
			ParametersParameterComponent part = report.addParameter().setName("input");
			part.addPart().setName("url").setValue(new UriType(input.name()));
			part.addPart().setName("lines").setValue(new IntegerType(Math.toIntExact(input.lines())));
		}
		for (ImportJob.LineError error : job.errors()) {
			ParametersParameterComponent part = report.addParameter().setName("error");
			part.addPart().setName("input").setValue(new UriType(error.input()));
			part.addPart().setName("line").setValue(new IntegerType(Math.toIntExact(error.line())));
			part.addPart().setName("message").setValue(new StringType(error.message()));
		}
		if (job.errorCount() > ImportJob.LISTED_ERRORS) {
			report.addParameter("warning", new StringType("only the first " + ImportJob.LISTED_ERRORS + " of "
					+ job.errorCount() + " errors are listed"));
		}
		return report;
	}
}
