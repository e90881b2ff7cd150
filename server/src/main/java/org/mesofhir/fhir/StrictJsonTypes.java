package org.mesofhir.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import org.springframework.stereotype.Component;

/**
 * Makes HAPI's parser refuse JSON of the wrong type (a number where an object belongs, an array for a
 * single element, a JSON null) instead of logging it and dropping the value: a dropped value can turn a
 * bad resource into a different, valid one (a Condition whose code was a number becomes a Condition
 * without a code, which no profile applies to) and store it. Such a body is answered 400. So is an element
 * FHIR R4 does not know (a typo such as {@code onsetDatetime}, an R5 element): dropped silently, the data the
 * sender meant would be lost while the write is acknowledged.
 */
@Component
class StrictJsonTypes extends LenientErrorHandler {

	StrictJsonTypes(FhirContext fhirContext) {
		super(true);
		setErrorOnInvalidValue(true);
		fhirContext.setParserErrorHandler(this);
	}

	@Override
	public void incorrectJsonType(IParseLocation location, String element, ValueType expected, ScalarType expectedScalar,
			ValueType found, ScalarType foundScalar) {
		throw new DataFormatException(where(location)
				+ createIncorrectJsonTypeMessage(element, expected, expectedScalar, found, foundScalar));
	}

	@Override
	public void unknownElement(IParseLocation location, String elementName) {
		throw new DataFormatException(where(location) + "'" + elementName + "' is not an element of FHIR R4 here;"
				+ " check its spelling and place (extensions carry data FHIR has no element for)");
	}

	@Override
	public void unexpectedRepeatingElement(IParseLocation location, String element) {
		throw new DataFormatException(where(location) + "'" + element + "' is a single element, but an array was found");
	}

	private static String where(IParseLocation location) {
		return location == null || location.getParentElementName() == null ? "" : "[" + location.getParentElementName() + "] ";
	}
}
